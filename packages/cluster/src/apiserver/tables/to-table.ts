import type { Json, JsonObject, KubeObject } from '../json.ts';
import type { TablePrinter } from './table-printer.ts';

/** `includeObject`: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** What {@link toTable} needs: the objects, their printer, and the list metadata. */
export interface ToTableInput {
  readonly objects: readonly KubeObject[];
  readonly printer: TablePrinter;
  /** `Metadata` (the API default) puts a PartialObjectMetadata in each row. */
  readonly includeObject: IncludeObject;
  /** The time ages are computed against (ms since the epoch). */
  readonly now: number;
  /** The list's resourceVersion (for a single object, the object's). */
  readonly resourceVersion: string;
  readonly continue?: string;
  readonly remainingItemCount?: number;
}

function rowObject(obj: KubeObject, includeObject: IncludeObject): JsonObject | undefined {
  if (includeObject === 'None') return undefined;
  if (includeObject === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function tableMetadata(input: ToTableInput): JsonObject {
  const metadata: JsonObject = {};
  if (input.resourceVersion !== '') metadata['resourceVersion'] = input.resourceVersion;
  if (input.continue !== undefined && input.continue !== '') metadata['continue'] = input.continue;
  if (input.remainingItemCount !== undefined)
    metadata['remainingItemCount'] = input.remainingItemCount;
  return metadata;
}

/**
 * Builds a `meta.k8s.io/v1` Table from objects with a printer, as kube-apiserver answers
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`: column definitions, one row per
 * object (cells, row conditions, and the object per `includeObject`). A watch event carries a
 * one-object table.
 */
export function toTable(input: ToTableInput): JsonObject {
  const rows: Json[] = input.objects.map((obj) => {
    const printed = input.printer.row(obj, input.now);
    const row: JsonObject = { cells: [...printed.cells] };
    if (printed.conditions !== undefined)
      row['conditions'] = printed.conditions.map((c) => ({ ...c }));
    const object = rowObject(obj, input.includeObject);
    if (object !== undefined) row['object'] = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: tableMetadata(input),
    columnDefinitions: input.printer.columns.map((c) => ({ ...c })),
    rows,
  };
}

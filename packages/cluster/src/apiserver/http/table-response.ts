import type { JsonObject, KubeObject } from '../json.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { crdTable, tableFor, toTable } from '../tables/index.ts';

/** `includeObject`: what each row carries. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Reads `includeObject` (default Metadata). */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw statusErrors.badRequest(
    `includeObject: Unsupported value: ${JSON.stringify(value)}: supported values: "None", "Metadata", "Object"`,
  );
}

/** A Table of objects of one resource, with the resource's printer. */
export function tableOf(
  def: ResourceDefinition,
  objects: readonly KubeObject[],
  options: { includeObject: IncludeObject; resourceVersion: string; continueToken?: string },
): JsonObject {
  const printer =
    def.source === 'crd' ? crdTable(def.printerColumns ?? []) : tableFor(def.group, def.plural);
  return toTable({
    objects,
    printer,
    includeObject: options.includeObject,
    now: Date.now(),
    resourceVersion: options.resourceVersion,
    ...(options.continueToken === undefined ? {} : { continue: options.continueToken }),
  });
}

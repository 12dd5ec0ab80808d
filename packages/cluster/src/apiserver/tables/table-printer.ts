import type { Json, JsonObject, KubeObject } from '../json.ts';
import { arrayAt, stringAt, stringMapAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { timestampSince } from './human-duration.ts';

/** A column of a Table (`metav1.TableColumnDefinition`). */
export interface TableColumnDefinition {
  readonly name: string;
  /** `string`, `integer`, `number`, `boolean` or `date`. */
  readonly type: string;
  /** `name` for the column holding the object's name, else empty. */
  readonly format: string;
  readonly description: string;
  /** 0 for the default columns, more for `-o wide`. */
  readonly priority: number;
}

/** A condition of a Table row (`metav1.TableRowCondition`); pods set `Completed`. */
export interface TableRowCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
}

/** The printed part of one row: its cells, in column order, and any row conditions. */
export interface PrintedRow {
  readonly cells: readonly Json[];
  readonly conditions?: readonly TableRowCondition[];
}

/** How one resource prints: its columns and the cells of one object at time `now` (ms). */
export interface TablePrinter {
  readonly columns: readonly TableColumnDefinition[];
  readonly row: (obj: KubeObject, now: number) => PrintedRow;
}

/** A column definition; `options` sets `format` and `priority` (both default empty/0). */
export function column(
  name: string,
  type: string,
  description: string,
  options: { readonly format?: string; readonly priority?: number } = {},
): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

/** The `Name` column every printer starts with (the event printer puts it last). */
export const nameColumn = column('Name', 'string', describe.name, { format: 'name' });

/** The `Age` column of the built-in printers: a string the server has already formatted. */
export const ageColumn = column('Age', 'string', describe.creationTimestamp);

/** The object's name. */
export function nameOf(obj: KubeObject): string {
  return stringAt(obj, 'metadata', 'name');
}

/** The object's age at `now`, as the built-in printers show it (`translateTimestampSince`). */
export function ageOf(obj: KubeObject, now: number): string {
  return timestampSince(obj.metadata['creationTimestamp'], now);
}

/** A printer whose row is the name, the given cells, then the age. */
export function namedPrinter(
  columns: readonly TableColumnDefinition[],
  cells: (obj: KubeObject) => readonly Json[],
): TablePrinter {
  return {
    columns: [nameColumn, ...columns, ageColumn],
    row: (obj, now) => ({ cells: [nameOf(obj), ...cells(obj), ageOf(obj, now)] }),
  };
}

/** `labels.FormatLabels`: `k=v` pairs sorted by key and joined by commas, or `<none>`. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const text = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key] ?? ''}`)
    .join(',');
  return text === '' ? '<none>' : text;
}

/** The label map at a path of the object, formatted with {@link formatLabels}. */
export function formatLabelsAt(obj: Json, ...path: readonly string[]): string {
  return formatLabels(stringMapAt(obj, ...path));
}

/** `layoutContainerCells`: the containers' names and images, each joined by commas. */
export function containerCells(podSpec: JsonObject | undefined): [string, string] {
  const containers = arrayAt(podSpec, 'containers');
  return [
    containers.map((c) => stringAt(c, 'name')).join(','),
    containers.map((c) => stringAt(c, 'image')).join(','),
  ];
}

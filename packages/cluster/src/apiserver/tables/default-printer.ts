import type { KubeObject } from '../json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { parseTimestamp } from './human-duration.ts';
import { column, nameColumn, nameOf, type TablePrinter } from './table-printer.ts';

/** Go's zero time in RFC 3339, which `Created At` shows for an object without a timestamp. */
const zeroTime = '0001-01-01T00:00:00Z';

function createdAt(obj: KubeObject): string {
  const parsed = parseTimestamp(obj.metadata['creationTimestamp']);
  if (parsed === undefined || Number.isNaN(parsed)) return zeroTime;
  return new Date(Math.floor(parsed / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The apiserver's default table convertor, used for kinds without a printer (roles,
 * clusterroles, customresourcedefinitions, anything unknown): `Name` and `Created At`
 * (type `date`, the creation time in RFC 3339 UTC, which kubectl prints as is).
 */
export const defaultPrinter: TablePrinter = {
  columns: [nameColumn, column('Created At', 'date', describe.creationTimestamp)],
  row: (obj) => ({ cells: [nameOf(obj), createdAt(obj)] }),
};

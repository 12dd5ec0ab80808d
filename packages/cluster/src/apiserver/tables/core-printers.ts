import { arrayAt, objectAt, stringAt } from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { column, namedPrinter, type TablePrinter } from './table-printer.ts';

function keyCount(value: ReturnType<typeof objectAt>): number {
  return value === undefined ? 0 : Object.keys(value).length;
}

/** Namespaces: Name, Status, Age. */
export const namespacePrinter: TablePrinter = namedPrinter(
  [column('Status', 'string', describe.namespaceStatus)],
  (ns) => [stringAt(ns, 'status', 'phase')],
);

/** ConfigMaps: Name, Data (the number of `data` plus `binaryData` keys), Age. */
export const configMapPrinter: TablePrinter = namedPrinter(
  [column('Data', 'string', describe.configMapData)],
  (cm) => [keyCount(objectAt(cm, 'data')) + keyCount(objectAt(cm, 'binaryData'))],
);

/** Secrets: Name, Type, Data (the number of keys), Age. */
export const secretPrinter: TablePrinter = namedPrinter(
  [column('Type', 'string', describe.secretType), column('Data', 'string', describe.secretData)],
  (secret) => [stringAt(secret, 'type'), keyCount(objectAt(secret, 'data'))],
);

/** ServiceAccounts: Name, Secrets (how many), Age. */
export const serviceAccountPrinter: TablePrinter = namedPrinter(
  [column('Secrets', 'string', describe.serviceAccountSecrets)],
  (sa) => [arrayAt(sa, 'secrets').length],
);

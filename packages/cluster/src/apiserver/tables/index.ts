export { humanDuration, parseTimestamp, timestampSince } from './human-duration.ts';
export { evaluateJsonPath, parseJsonPath, type JsonPathStep } from './json-path.ts';
export {
  type PrintedRow,
  type TableColumnDefinition,
  type TablePrinter,
  type TableRowCondition,
} from './table-printer.ts';
export { tableFor } from './table-for.ts';
export { crdTable, type CrdPrinterColumn } from './crd-table.ts';
export { defaultPrinter } from './default-printer.ts';
export { podStatusCells } from './pod-printer.ts';
export { toTable, type IncludeObject, type ToTableInput } from './to-table.ts';

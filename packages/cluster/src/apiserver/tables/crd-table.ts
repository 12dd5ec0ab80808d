import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { humanDuration, parseTimestamp } from './human-duration.ts';
import { evaluateJsonPath, parseJsonPath, type JsonPathStep } from './json-path.ts';
import { column, nameColumn, nameOf, type TablePrinter } from './table-printer.ts';

/** A CRD version's `additionalPrinterColumns` entry. */
export interface CrdPrinterColumn {
  readonly name: string;
  /** `string`, `integer`, `number`, `boolean` or `date`. */
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

/** apiextensions' `serveDefaultColumnsIfEmpty`: an `Age` date column. */
const defaultCrdColumns: readonly CrdPrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description: describe.creationTimestamp,
    jsonPath: '.metadata.creationTimestamp',
  },
];

function goFloat(value: number): string {
  if (value === 0 || Number.isInteger(value)) return String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= -4 && exponent < 21) return String(value);
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

function goJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${goJsonString(key)}:${goJson(value[key] ?? null)}`);
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goFloat(value);
  return JSON.stringify(value);
}

function goJsonString(text: string): string {
  return JSON.stringify(text)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** How kubectl's JSONPath prints a value: strings as is, objects and lists as JSON. */
function printText(value: Json): Json {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'boolean') return String(value);
  return goJson(value);
}

function dateCell(value: Json, now: number): Json {
  if (typeof value !== 'string') return null;
  const parsed = value === 'null' ? undefined : parseTimestamp(value);
  if (parsed === undefined) return '<unknown>';
  return Number.isNaN(parsed) ? '<invalid>' : humanDuration(now - parsed);
}

/** `cellForJSONValue`: the cell for a column type; a value of the wrong type is null. */
function typedCell(type: string, value: Json, now: number): Json {
  switch (type) {
    case 'string':
      return printText(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return dateCell(value, now);
    default:
      return null;
  }
}

interface CompiledColumn {
  readonly type: string;
  readonly steps: readonly JsonPathStep[] | undefined;
}

function cellOf(obj: KubeObject, compiled: CompiledColumn, now: number): Json {
  if (compiled.steps === undefined) return null;
  const [first] = evaluateJsonPath(obj, compiled.steps);
  return first === undefined ? null : typedCell(compiled.type, first, now);
}

/**
 * The printer of a custom resource (apiextensions' table convertor): `Name` (format `name`),
 * then each printer column with its type, format, priority and description (default:
 * `Custom resource definition column (in JSONPath format): <path>`); with no columns, `Age`.
 * A column whose path is missing or unparsable yields a null cell, never an error.
 */
export function crdTable(printerColumns: readonly CrdPrinterColumn[]): TablePrinter {
  const columns = printerColumns.length === 0 ? defaultCrdColumns : printerColumns;
  const compiled: CompiledColumn[] = columns.map((c) => ({
    type: c.type,
    steps: parseJsonPath(c.jsonPath),
  }));
  return {
    columns: [
      nameColumn,
      ...columns.map((c) =>
        column(
          c.name,
          c.type,
          c.description !== undefined && c.description !== ''
            ? c.description
            : `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
          { format: c.format ?? '', priority: c.priority ?? 0 },
        ),
      ),
    ],
    row: (obj, now) => ({ cells: [nameOf(obj), ...compiled.map((c) => cellOf(obj, c, now))] }),
  };
}

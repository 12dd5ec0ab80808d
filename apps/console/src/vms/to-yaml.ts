const plainString = /^[A-Za-z0-9_./][A-Za-z0-9_./ :@-]*$/;
const reserved = /^(?:true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(?:e[-+]?[0-9]+)?)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') {
    const safe = plainString.test(value) && !reserved.test(value) && !value.endsWith(' ');
    return safe && !value.includes(': ') ? value : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyCollection(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function lines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => itemLines(item, indent));
  if (isRecord(value))
    return Object.entries(value).flatMap(([key, entry]) => entryLines(key, entry, indent));
  return [`${indent}${scalar(value)}`];
}

function entryLines(key: string, value: unknown, indent: string): string[] {
  const name = scalar(key);
  if (isEmptyCollection(value)) return [`${indent}${name}: ${Array.isArray(value) ? '[]' : '{}'}`];
  if (Array.isArray(value)) return [`${indent}${name}:`, ...lines(value, indent)];
  if (isRecord(value)) return [`${indent}${name}:`, ...lines(value, `${indent}  `)];
  return [`${indent}${name}: ${scalar(value)}`];
}

function itemLines(item: unknown, indent: string): string[] {
  if (isEmptyCollection(item) || (!Array.isArray(item) && !isRecord(item)))
    return [
      `${indent}- ${isEmptyCollection(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`,
    ];
  const [first = '', ...rest] = lines(item, `${indent}  `);
  return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
}

/** A JSON value as block YAML (for reading; strings that could be misread are quoted). */
export function toYaml(value: unknown): string {
  return `${lines(value, '').join('\n')}\n`;
}

import type { Json } from '../../json.ts';

/**
 * The YAML text of a JSON value, as gnostic stores extension values and defaults in
 * `Any.yaml`: JSON-compatible flow style (`[{"group": "", "kind": "Pod"}]`), every string
 * double-quoted, with every character outside printable ASCII escaped, so that YAML 1.1
 * parsers (`gopkg.in/yaml.v2`, which kubectl uses) read back exactly the same value.
 */
export function yamlText(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(yamlText).join(', ')}]`;
  const entries = Object.entries(value).map(([key, child]) => `${quoted(key)}: ${yamlText(child)}`);
  return `{${entries.join(', ')}}`;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  const text = String(value);
  // YAML 1.1 reads `1e+21` as a string: its floats need a dot before the exponent.
  return /^-?\d+e/.test(text) ? text.replace('e', '.0e') : text;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

function quoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += codePointEscape(code);
  }
  return `${out}"`;
}

function codePointEscape(code: number): string {
  // A lone surrogate cannot be encoded in UTF-8; Go would have replaced it the same way.
  const safe = code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
  const hex = safe.toString(16).toUpperCase();
  if (safe <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (safe <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** A CSV syntax problem, with the 1-based line it was found on. */
export class CsvError extends Error {
  readonly line: number;

  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

/** One parsed record and the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

interface Cursor {
  readonly text: string;
  pos: number;
  line: number;
}

/** Reads a quoted field starting at the opening quote; `""` stands for one quote. */
function quotedField(cur: Cursor): string {
  const startLine = cur.line;
  let value = '';
  cur.pos += 1;
  for (;;) {
    const next = cur.text.indexOf('"', cur.pos);
    if (next < 0) throw new CsvError(startLine, 'unterminated quoted field');
    const chunk = cur.text.slice(cur.pos, next);
    cur.line += chunk.split('\n').length - 1;
    value += chunk;
    cur.pos = next + 1;
    if (cur.text[cur.pos] !== '"') break;
    value += '"';
    cur.pos += 1;
  }
  const after = cur.text[cur.pos];
  if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
    throw new CsvError(cur.line, 'extraneous characters after a quoted field');
  }
  return value;
}

function plainField(cur: Cursor): string {
  let end = cur.pos;
  while (end < cur.text.length && !',\n\r'.includes(cur.text[end] ?? '')) end += 1;
  const value = cur.text.slice(cur.pos, end);
  if (value.includes('"')) throw new CsvError(cur.line, 'bare " in a non-quoted field');
  cur.pos = end;
  return value;
}

function skipSpaces(cur: Cursor): void {
  while (cur.text[cur.pos] === ' ' || cur.text[cur.pos] === '\t') cur.pos += 1;
}

/** Reads one record from the cursor (which is at the start of a line). */
function readRecord(cur: Cursor): string[] {
  const fields: string[] = [];
  for (;;) {
    skipSpaces(cur);
    fields.push(cur.text[cur.pos] === '"' ? quotedField(cur) : plainField(cur));
    if (cur.text[cur.pos] !== ',') break;
    cur.pos += 1;
  }
  if (cur.text[cur.pos] === '\r') cur.pos += 1;
  if (cur.text[cur.pos] === '\n') cur.pos += 1;
  return fields;
}

function skipBlankOrComment(cur: Cursor): boolean {
  const end = cur.text.indexOf('\n', cur.pos);
  const lineEnd = end < 0 ? cur.text.length : end;
  const content = cur.text.slice(cur.pos, lineEnd).trim();
  if (content !== '' && !content.startsWith('#')) return false;
  cur.pos = lineEnd + 1;
  cur.line += 1;
  return true;
}

/**
 * Parses CSV text as Go's `encoding/csv` reads the static token file (leading spaces trimmed,
 * any number of fields per record), also skipping blank lines and `#` comment lines.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const cur: Cursor = { text, pos: 0, line: 1 };
  const records: CsvRecord[] = [];
  while (cur.pos < text.length) {
    if (skipBlankOrComment(cur)) continue;
    const line = cur.line;
    records.push({ line, fields: readRecord(cur) });
    cur.line += 1;
  }
  return records;
}

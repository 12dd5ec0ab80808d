import { statusErrors } from '../status-error.ts';

/** One term of a field selector: `field=value` (also `==`) or `field!=value`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  /** The value with its `\,` `\=` `\\` escapes resolved. */
  readonly value: string;
}

/** A parsed field selector: the AND of its terms. No terms match everything. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
}

const termOperators = ['!=', '==', '='] as const;

/** Splits on commas that are not escaped by a backslash; escapes stay in the terms. */
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (escaped) escaped = false;
    else if (char === '\\') escaped = true;
    else if (char === ',') {
      terms.push(text.slice(start, index));
      start = index + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

interface SplitTerm {
  readonly field: string;
  readonly operator: '=' | '!=';
  /** The value as written, escapes included. */
  readonly raw: string;
}

/** Splits a term at the first operator; the left side knows no escapes. */
function splitTerm(term: string): SplitTerm | undefined {
  for (let index = 0; index < term.length; index++) {
    const rest = term.slice(index);
    const operator = termOperators.find((candidate) => rest.startsWith(candidate));
    if (operator !== undefined)
      return {
        field: term.slice(0, index),
        operator: operator === '!=' ? '!=' : '=',
        raw: term.slice(index + operator.length),
      };
  }
  return undefined;
}

/** Resolves `\\`, `\,` and `\=`; anything else escaped, or a bare `,`/`=`, is an error. */
function unescapeValue(raw: string): string {
  let out = '';
  let escaped = false;
  for (const char of raw) {
    if (escaped) {
      if (char !== '\\' && char !== ',' && char !== '=')
        throw statusErrors.badRequest(`invalid field selector: invalid escape sequence: \\${char}`);
      out += char;
      escaped = false;
    } else if (char === '\\') escaped = true;
    else if (char === ',' || char === '=')
      throw statusErrors.badRequest(
        `invalid field selector: unescaped character in value: ${char.codePointAt(0) ?? 0}`,
      );
    else out += char;
  }
  if (escaped) throw statusErrors.badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/**
 * Parses a `fieldSelector` query parameter (`f=v`, `f==v`, `f!=v`, commas mean AND, values
 * escape `\,` `\=` `\\`) as `fields.ParseSelector` does; terms come back sorted. Bad input →
 * 400 with upstream's message.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const terms = splitTerms(text).sort();
  const requirements: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (split === undefined)
      throw statusErrors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    requirements.push({
      field: split.field,
      operator: split.operator,
      value: unescapeValue(split.raw),
    });
  }
  return { requirements };
}

/** Whether `fields` satisfy every term; a missing field counts as the empty string. */
export function matchesFields(
  selector: FieldSelector,
  fields: Readonly<Record<string, string>>,
): boolean {
  return selector.requirements.every((requirement) => {
    const actual = Object.hasOwn(fields, requirement.field) ? fields[requirement.field] : '';
    return requirement.operator === '='
      ? actual === requirement.value
      : actual !== requirement.value;
  });
}

/** Escapes a literal value for use in a field selector (`fields.EscapeValue`). */
export function escapeFieldValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll(',', '\\,').replaceAll('=', '\\=');
}

/** The selector in canonical text form (terms joined by commas, values escaped). */
export function fieldSelectorToString(selector: FieldSelector): string {
  return selector.requirements
    .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
    .join(',');
}

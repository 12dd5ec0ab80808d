import type { JsonSchema } from '../json-schema.ts';
import type { StatusCause } from '../status-error.ts';
import { fieldErrors } from './field-errors.ts';
import { goFloat, goQuote, isGoInteger } from './go-format.ts';
import { effectiveFormat, numberKeyword } from './schema-types.ts';
import { isStringFormat, matchesStringFormat } from './string-formats.ts';

const PATTERN_CACHE_LIMIT = 1000;
const patternCache = new Map<string, RegExp | string>();

/** Go RE2 `(?i)`-style leading flags become JavaScript flags. */
function compilePattern(pattern: string): RegExp | string {
  let source = pattern;
  let flags = 'u';
  const lead = /^\(\?([ims]+)\)/.exec(source);
  if (lead !== null) {
    source = source.slice(lead[0].length);
    flags += lead[1] ?? '';
  }
  try {
    return new RegExp(source, flags);
  } catch {
    try {
      return new RegExp(source, flags.replace('u', ''));
    } catch (error: unknown) {
      return error instanceof Error ? error.message : 'invalid pattern';
    }
  }
}

function cachedPattern(pattern: string): RegExp | string {
  const hit = patternCache.get(pattern);
  if (hit !== undefined) return hit;
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
  const compiled = compilePattern(pattern);
  patternCache.set(pattern, compiled);
  return compiled;
}

function patternCause(path: string, text: string, pattern: string): StatusCause | undefined {
  const re = cachedPattern(pattern);
  if (typeof re === 'string') {
    const detail = `${path} in body should match '${pattern}, but pattern is invalid: ${re}'`;
    return fieldErrors.invalid(path, text, detail);
  }
  return re.test(text)
    ? undefined
    : fieldErrors.invalid(path, text, `${path} in body should match '${pattern}'`);
}

/** Unicode code points, as Go's utf8.RuneCountInString. */
function runeCount(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

/** maxLength, minLength and pattern (the first that fails, as kube-openapi), then format. */
export function checkString(schema: JsonSchema, path: string, text: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const length = runeCount(text);
  const max = numberKeyword(schema.maxLength);
  const min = numberKeyword(schema.minLength);
  if (max !== undefined && length > max) {
    causes.push(fieldErrors.tooLong(path, max));
  } else if (min !== undefined && length < min) {
    causes.push(
      fieldErrors.invalid(path, text, `${path} in body should be at least ${min} chars long`),
    );
  } else if (typeof schema.pattern === 'string' && schema.pattern !== '') {
    const cause = patternCause(path, text, schema.pattern);
    if (cause !== undefined) causes.push(cause);
  }
  const format = effectiveFormat(schema);
  if (format !== undefined && isStringFormat(format) && !matchesStringFormat(format, text)) {
    const detail = `${path} in body must be of type ${format}: ${goQuote(text)}`;
    causes.push(fieldErrors.typeInvalid(path, text, detail));
  }
  return causes;
}

interface Bound {
  readonly limit: number;
  readonly exclusive: boolean;
}

function bound(limit: unknown, exclusive: unknown): Bound | undefined {
  const value = numberKeyword(limit);
  return value === undefined ? undefined : { limit: value, exclusive: exclusive === true };
}

/** minimum and maximum: integers compare with the bound truncated to an integer, as Go does. */
export function checkNumber(schema: JsonSchema, path: string, n: number): StatusCause[] {
  const causes: StatusCause[] = [];
  const integral = isGoInteger(n);
  const show = (limit: number): string => (integral ? String(Math.trunc(limit)) : goFloat(limit));
  const at = (limit: number): number => (integral ? Math.trunc(limit) : limit);
  const min = bound(schema.minimum, schema.exclusiveMinimum);
  if (min !== undefined && (min.exclusive ? n <= at(min.limit) : n < at(min.limit))) {
    const relation = min.exclusive ? 'greater than' : 'greater than or equal to';
    causes.push(
      fieldErrors.invalid(path, n, `${path} in body should be ${relation} ${show(min.limit)}`),
    );
  }
  const max = bound(schema.maximum, schema.exclusiveMaximum);
  if (max !== undefined && (max.exclusive ? n >= at(max.limit) : n > at(max.limit))) {
    const relation = max.exclusive ? 'less than' : 'less than or equal to';
    causes.push(
      fieldErrors.invalid(path, n, `${path} in body should be ${relation} ${show(max.limit)}`),
    );
  }
  return causes;
}

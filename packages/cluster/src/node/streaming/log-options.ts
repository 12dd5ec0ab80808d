import { statusErrors, type StatusCause } from '../../apiserver/status-error.ts';

/** What a `pods/log` request asks for (PodLogOptions, already validated). */
export interface LogOptions {
  readonly follow: boolean;
  readonly previous: boolean;
  readonly timestamps: boolean;
  /** Only the last N lines of what is already written. */
  readonly tailLines?: number;
  /** Stop after this many bytes. */
  readonly limitBytes?: number;
  /** Only lines written at or after this time (epoch milliseconds). */
  readonly sinceMs?: number;
}

const truthy = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);
const falsy = new Set(['', '0', 'f', 'F', 'false', 'FALSE', 'False']);

/** A boolean query parameter as Go's strconv.ParseBool reads it (absent: false). */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || falsy.has(value)) return false;
  if (truthy.has(value)) return true;
  throw statusErrors.badRequest(`${name}: invalid value "${value}": must be a boolean`);
}

function queryInt(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!/^-?\d+$/.test(value))
    throw statusErrors.badRequest(`${name}: invalid value "${value}": must be an integer`);
  return Number(value);
}

function sinceTime(query: URLSearchParams): number | undefined {
  const value = query.get('sinceTime');
  if (value === null) return undefined;
  const ms = /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw statusErrors.badRequest(`sinceTime: invalid value "${value}": must be an RFC 3339 time`);
  return ms;
}

function invalid(field: string, value: number, message: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${message}` };
}

function problems(
  numbers: Record<'tailLines' | 'limitBytes' | 'sinceSeconds', number | undefined>,
  hasSinceTime: boolean,
): StatusCause[] {
  const causes: StatusCause[] = [];
  const { tailLines, limitBytes, sinceSeconds } = numbers;
  if (tailLines !== undefined && tailLines < 0)
    causes.push(invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1)
    causes.push(invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && hasSinceTime)
    causes.push({
      reason: 'FieldValueForbidden',
      message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    });
  else if (sinceSeconds !== undefined && sinceSeconds < 1)
    causes.push(invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  return causes;
}

/**
 * Reads PodLogOptions from a `pods/log` query (`follow`, `previous`, `timestamps`, `tailLines`,
 * `limitBytes`, `sinceSeconds`, `sinceTime`; `pretty` and `container` are ignored here). Throws a
 * StatusError: 400 for a malformed value, 422 (`PodLogOptions "<pod>" is invalid`) for a value out
 * of range, with Kubernetes' wording.
 */
export function parseLogOptions(
  query: URLSearchParams,
  context: { pod: string; now: number },
): LogOptions {
  const numbers = {
    tailLines: queryInt(query, 'tailLines'),
    limitBytes: queryInt(query, 'limitBytes'),
    sinceSeconds: queryInt(query, 'sinceSeconds'),
  };
  const since = sinceTime(query);
  const causes = problems(numbers, since !== undefined);
  if (causes.length > 0) throw statusErrors.invalid('PodLogOptions', context.pod, causes);
  const sinceMs =
    numbers.sinceSeconds === undefined ? since : context.now - numbers.sinceSeconds * 1000;
  return {
    follow: queryFlag(query, 'follow'),
    previous: queryFlag(query, 'previous'),
    timestamps: queryFlag(query, 'timestamps'),
    ...(numbers.tailLines === undefined ? {} : { tailLines: numbers.tailLines }),
    ...(numbers.limitBytes === undefined ? {} : { limitBytes: numbers.limitBytes }),
    ...(sinceMs === undefined ? {} : { sinceMs }),
  };
}

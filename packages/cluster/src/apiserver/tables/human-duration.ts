import type { Json } from '../json.ts';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/**
 * Formats a duration as apimachinery's `duration.HumanDuration` does: `Ns` under 2 minutes,
 * `MmSs` under 10 minutes, `Nm` under 3 hours, `HhMm` under 8 hours, `Nh` under 2 days,
 * `DdHh` under 8 days, `Nd` under 2 years, `YyDd` under 8 years, else `Ny`; `0s` for a
 * little in the future (clock skew under 2 s) and `<invalid>` beyond.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / minute);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / hour);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

/** Go's zero `time.Time`, 0001-01-01T00:00:00Z, which Kubernetes treats as unset. */
const goZeroTime = -62135596800000;
const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp (Kubernetes' `metav1.Time`/`MicroTime` form). Returns
 * undefined for a missing or empty value or Go's zero time, and NaN for text that is not
 * RFC 3339.
 */
export function parseTimestamp(value: Json | undefined): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  if (!rfc3339.test(value)) return Number.NaN;
  const parsed = Date.parse(value);
  return parsed === goZeroTime ? undefined : parsed;
}

/**
 * The human age of a timestamp at `now` (`translateTimestampSince`): `<unknown>` when the
 * timestamp is missing or unreadable.
 */
export function timestampSince(value: Json | undefined, now: number): string {
  const parsed = parseTimestamp(value);
  if (parsed === undefined || Number.isNaN(parsed)) return '<unknown>';
  return humanDuration(now - parsed);
}

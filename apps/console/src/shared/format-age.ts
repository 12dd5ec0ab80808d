const second = 1;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const year = 365 * day;

/** Below `limit` seconds: whole `major` units, plus `minor` units when they are not zero. */
interface AgeBand {
  readonly limit: number;
  readonly major: readonly [string, number];
  readonly minor?: readonly [string, number];
}

// kubectl's HumanDuration: precise while short, coarser as the age grows.
const bands: readonly AgeBand[] = [
  { limit: 2 * minute, major: ['s', second] },
  { limit: 10 * minute, major: ['m', minute], minor: ['s', second] },
  { limit: 3 * hour, major: ['m', minute] },
  { limit: 8 * hour, major: ['h', hour], minor: ['m', minute] },
  { limit: 2 * day, major: ['h', hour] },
  { limit: 8 * day, major: ['d', day], minor: ['h', hour] },
  { limit: 2 * year, major: ['d', day] },
  { limit: 8 * year, major: ['y', year], minor: ['d', day] },
  { limit: Infinity, major: ['y', year] },
];

/**
 * A relative age as kubectl prints it (`45s`, `5m30s`, `12m`, `3h4m`, `20h`, `2d3h`, `40d`,
 * `3y10d`); a time in the future reads `0s`.
 */
export function formatAge(createdMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - createdMs) / 1000));
  const band = bands.find((candidate) => seconds < candidate.limit) ?? bands[0];
  if (band === undefined) return `${seconds}s`;
  const [majorSuffix, majorSize] = band.major;
  const majorCount = Math.floor(seconds / majorSize);
  if (band.minor === undefined) return `${majorCount}${majorSuffix}`;
  const [minorSuffix, minorSize] = band.minor;
  const minorCount = Math.floor((seconds - majorCount * majorSize) / minorSize);
  return minorCount === 0
    ? `${majorCount}${majorSuffix}`
    : `${majorCount}${majorSuffix}${minorCount}${minorSuffix}`;
}

// Order statistics for benchmark samples. Percentiles use the nearest-rank method (the value at
// rank ceil(p/100 · n)), so every reported percentile is a value that was actually measured.

export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
  /** Coefficient of variation (standard deviation ÷ mean); 0 for fewer than two samples. */
  readonly cv: number;
}

function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** The nearest-rank percentile `p` (0–100) of `samples`; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const ordered = sorted(samples);
  const rank = Math.max(1, Math.ceil((p / 100) * ordered.length));
  return ordered[Math.min(rank, ordered.length) - 1] ?? Number.NaN;
}

/** The median: the middle sample, or the mean of the two middle ones. NaN when there are none. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const ordered = sorted(samples);
  const mid = Math.floor(ordered.length / 2);
  const upper = ordered[mid] ?? Number.NaN;
  return ordered.length % 2 === 1 ? upper : ((ordered[mid - 1] ?? upper) + upper) / 2;
}

/** Count, min, median, P95, P99, max, mean and coefficient of variation of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  const count = samples.length;
  const mean = count === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / count;
  const variance =
    count < 2 ? 0 : samples.reduce((acc, x) => acc + (x - mean) ** 2, 0) / (count - 1);
  return {
    count,
    min: count === 0 ? Number.NaN : Math.min(...samples),
    median: median(samples),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: count === 0 ? Number.NaN : Math.max(...samples),
    mean,
    cv: count < 2 || mean === 0 ? 0 : Math.sqrt(variance) / Math.abs(mean),
  };
}

import type { MetricFamily } from './prometheus-text.ts';

interface Entry {
  readonly values: readonly string[];
  count: number;
}

/** How many label sets a counter tracks at most, so that made-up request paths cannot grow it forever. */
export const defaultMaxSeries = 10_000;

/**
 * A counter with a fixed list of label names (a Prometheus CounterVec): one series per distinct
 * tuple of label values, kept in a Map keyed by the tuple joined into one string.
 */
export class LabeledCounter {
  readonly #entries = new Map<string, Entry>();
  readonly #name: string;
  readonly #help: string;
  readonly #labelNames: readonly string[];
  readonly #maxSeries: number;

  constructor(options: {
    name: string;
    help: string;
    labelNames: readonly string[];
    maxSeries?: number;
  }) {
    this.#name = options.name;
    this.#help = options.help;
    this.#labelNames = options.labelNames;
    this.#maxSeries = options.maxSeries ?? defaultMaxSeries;
  }

  /** Adds `by` (default 1) to the series of `values` (in the order of the label names). */
  inc(values: readonly string[], by = 1): void {
    const key = values.join('\u0000');
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.count += by;
      return;
    }
    if (this.#entries.size >= this.#maxSeries) return;
    this.#entries.set(key, { values: [...values], count: by });
  }

  /** The current value of the series of `values`; 0 when it was never incremented. */
  get(values: readonly string[]): number {
    return this.#entries.get(values.join('\u0000'))?.count ?? 0;
  }

  /** The counter as a metric family, its series in label-value order. */
  collect(): MetricFamily {
    const series = [...this.#entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => ({
        labels: Object.fromEntries(this.#labelNames.map((n, i) => [n, entry.values[i] ?? ''])),
        value: entry.count,
      }));
    return { name: this.#name, help: this.#help, type: 'counter', series };
  }
}

// The contract every benchmark implements. A benchmark measures; the runner (scripts/bench.ts)
// times it, samples the machine's load around it, stores its result as JSON under
// docs/performance/ and renders docs/performance.md from all stored results.

/** Units a figure can be reported in; the report formats each one the same way everywhere. */
export type Unit = 'ms' | 's' | 'MiB' | 'KiB' | 'MB/s' | 'KiB/s' | 'per s' | 'count' | 'ratio';

/** What a figure is compared with: KubeVirt's published number or a bare-QEMU run measured in the same run. */
export interface Anchor {
  /** e.g. "bare QEMU (same run)" or "KubeVirt P50 (kubevirt.md §5)". */
  readonly label: string;
  readonly value: number;
  /** Where the anchor comes from, e.g. "../shared/reference/kubevirt.md §5" or "measured in this run". */
  readonly source: string;
}

/** One headline figure of a benchmark. */
export interface Figure {
  /** Stable id inside its benchmark, e.g. "start.banner". */
  readonly id: string;
  /** What is measured, in words a reader understands without the code. */
  readonly label: string;
  readonly unit: Unit;
  /** Which direction is good; decides how the ratio to the anchor reads. */
  readonly better: 'lower' | 'higher';
  /** The repeated samples; the report shows their median and min–max. Use `value` for a single reading. */
  readonly samples?: readonly number[];
  /** A single value (used when there are no samples, e.g. a P95 over many VMIs). */
  readonly value?: number;
  readonly anchor?: Anchor;
  /** Anything a reader must know to read this figure right (one short sentence). */
  readonly note?: string;
}

/** A free-form table for details the figures do not carry (phases, per-process memory...). */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** What a benchmark returns. Everything in it is rendered; `raw` is kept in the JSON only. */
export interface BenchResult {
  /** Markdown: how it is measured (what starts and stops each clock), in a few lines. */
  readonly method: string;
  readonly figures: readonly Figure[];
  readonly tables?: readonly Table[];
  /** Markdown: where the time goes, what limits it, what a reader should take away. */
  readonly notes?: string;
  /** Parameters that shaped this run (rounds, sizes, N...). */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** Everything else the benchmark measured, for the JSON file. */
  readonly raw?: unknown;
}

export interface BenchContext {
  /** Progress lines for the person watching; not part of the report. */
  readonly log: (line: string) => void;
  /** A scratch directory that the runner deletes after the benchmark. */
  readonly scratch: string;
  /** The repository's root directory. */
  readonly root: string;
  /** `--quick`: fewer rounds and smaller sizes, for trying a benchmark out; never written to docs. */
  readonly quick: boolean;
  /** `--set key=value` options passed through from the command line. */
  readonly options: Readonly<Record<string, string>>;
}

export interface Benchmark {
  /** The name `npm run bench -- <name>` selects it by; also its JSON file's name. */
  readonly name: string;
  /** Section title in docs/performance.md. */
  readonly title: string;
  /** Needs root (QEMU, libvirt, network namespaces). */
  readonly needsRoot: boolean;
  /** Rough wall time on the target machine, to plan the 20-minute budget. */
  readonly expectedSeconds: number;
  readonly run: (ctx: BenchContext) => Promise<BenchResult>;
}

export type {
  Anchor,
  BenchContext,
  BenchResult,
  Benchmark,
  Figure,
  Table,
  Unit,
} from './benchmark.ts';
export { median, percentile, summarize, type Summary } from './stats.ts';
export { readProcessMemory, type ProcessMemory } from './process-memory.ts';

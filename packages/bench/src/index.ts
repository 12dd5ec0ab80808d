export type {
  Anchor,
  BenchContext,
  BenchResult,
  Benchmark,
  Figure,
  Table,
  Unit,
} from './benchmark.ts';
export {
  busyBackgroundLimit,
  machineWarnings,
  noiseWarnings,
  spreadWarning,
  spreadLimit,
  stealLimit,
  type BenchRecord,
  type LoadReading,
} from './bench-record.ts';
export { formatRatio, formatValue } from './format-value.ts';
export {
  cpuShare,
  loadAverage,
  measureBackground,
  parseCpuTimes,
  readCpuTimes,
  type CpuShare,
  type CpuTimes,
} from './load-sampler.ts';
export { describeMachine, type Machine } from './machine.ts';
export { readProcessMemory, type ProcessMemory } from './process-memory.ts';
export {
  anchorId,
  describeMachineLine,
  headline,
  renderReport,
  renderSection,
} from './render-report.ts';
export { median, percentile, summarize, type Summary } from './stats.ts';

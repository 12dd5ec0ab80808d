import type { Benchmark } from '@podvisor/bench';

/** A benchmark, loaded on demand (each pulls in its own parts: QEMU helpers, Playwright…). */
export interface BenchmarkEntry {
  /** The benchmark's name, known without loading it. */
  readonly name: string;
  readonly load: () => Promise<Benchmark>;
}

/** Every benchmark, in the order they run and appear in docs/performance.md (issue 13's order). */
export const benchmarks: readonly BenchmarkEntry[] = [
  {
    name: 'vm-start',
    load: async () => (await import('../deploy/bench/vm-start-bench.ts')).vmStartBenchmark,
  },
  {
    name: 'density',
    load: async () => (await import('../deploy/bench/density-bench.ts')).densityBenchmark,
  },
  {
    name: 'launcher',
    load: async () => (await import('@podvisor/operator/bench/launcher')).launcherBenchmark,
  },
  {
    name: 'console',
    load: async () => (await import('../deploy/bench/console-bench.ts')).consoleBenchmark,
  },
  {
    name: 'apiserver',
    load: async () => (await import('@podvisor/cluster/bench')).apiserverBenchmark,
  },
  {
    name: 'console-ui',
    load: async () => (await import('@podvisor/e2e/bench')).consoleUiBenchmark,
  },
  {
    name: 'migration',
    load: async () => (await import('@podvisor/operator/bench/migration')).migrationBenchmark,
  },
];

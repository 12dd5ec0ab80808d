import type { BenchResult, Figure } from './benchmark.ts';
import type { CpuShare } from './load-sampler.ts';
import type { Machine } from './machine.ts';
import { summarize } from './stats.ts';

/** What the machine was doing around one benchmark's run. */
export interface LoadReading {
  /** CPU share used by other processes in the seconds before the benchmark started. */
  readonly background: CpuShare;
  /** CPU share stolen by the hypervisor during the run. */
  readonly stealDuring: number;
  readonly loadAverageBefore: number;
  readonly loadAverageAfter: number;
}

/** One benchmark's stored result: `docs/performance/<name>.json`. */
export interface BenchRecord {
  readonly name: string;
  readonly title: string;
  /** When the run finished (ISO 8601). */
  readonly date: string;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly load: LoadReading;
  /** Why these figures may not be representative; empty when the machine was quiet. */
  readonly noise: readonly string[];
  readonly result: BenchResult;
}

/** Background CPU above this share before a run makes its figures suspect. */
export const busyBackgroundLimit = 0.15;
/** Hypervisor steal above this share during a run makes its figures suspect. */
export const stealLimit = 0.05;
/** Samples whose coefficient of variation exceeds this are reported as widely spread. */
export const spreadLimit = 0.25;

const percent = (share: number): string => `${(share * 100).toFixed(0)} %`;

/** Why a figure's own samples are suspect: a coefficient of variation above `spreadLimit`. */
export function spreadWarning(figure: Figure): string | undefined {
  const samples = figure.samples ?? [];
  if (samples.length < 3) return undefined;
  const { cv } = summarize(samples);
  return cv > spreadLimit
    ? `wide spread in "${figure.label}": coefficient of variation ${percent(cv)}`
    : undefined;
}

/** Why the machine made a run's figures suspect: other processes busy before it, or steal. */
export function machineWarnings(load: LoadReading): string[] {
  const warnings: string[] = [];
  if (load.background.busy > busyBackgroundLimit) {
    warnings.push(
      `other processes kept ${percent(load.background.busy)} of the CPU busy before the run started`,
    );
  }
  if (load.stealDuring > stealLimit) {
    warnings.push(`the hypervisor took ${percent(load.stealDuring)} of the CPU time (steal)`);
  }
  return warnings;
}

/** Why a run's figures may be unrepresentative: a busy machine, hypervisor steal, wide spreads. */
export function noiseWarnings(load: LoadReading, figures: readonly Figure[]): string[] {
  const spreads = figures.map(spreadWarning).filter((w) => w !== undefined);
  return [...machineWarnings(load), ...spreads];
}

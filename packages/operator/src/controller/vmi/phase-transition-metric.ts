import type { VirtualMachineInstance } from '@podvisor/api';
import type { ControllerMetrics, Informer } from '@podvisor/kube';
import { Histogram } from 'prom-client';

/** KubeVirt's metric name, help text and buckets (`pkg/monitoring/metrics/virt-controller`). */
export const phaseTransitionMetricName = 'kubevirt_vmi_phase_transition_time_from_creation_seconds';
const help = 'Histogram of VM phase transitions duration from creation time in seconds.';

/** KubeVirt's phase-transition buckets: 0.5 s to 1 h. */
export const phaseTransitionBuckets: readonly number[] = [
  0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 90, 120, 180, 300, 600, 1200, 1800, 3600,
];

function millis(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Seconds from the VMI's creation to when it entered its current phase (its
 * `phaseTransitionTimestamps` entry), floored at 0 as KubeVirt does against clock skew;
 * `undefined` without a phase, a creation time or a timestamp for the phase.
 */
export function secondsFromCreation(vmi: VirtualMachineInstance): number | undefined {
  const phase = vmi.status?.phase;
  if (phase === undefined || phase === '') return undefined;
  const created = millis(vmi.metadata.creationTimestamp);
  const entered = millis(
    vmi.status?.phaseTransitionTimestamps?.find((t) => t.phase === phase)?.phaseTransitionTimestamp,
  );
  if (created === undefined || entered === undefined) return undefined;
  return Math.max(0, (entered - created) / 1000);
}

/** Observes VMI phase changes into `kubevirt_vmi_phase_transition_time_from_creation_seconds`. */
export interface PhaseTransitionMetric {
  /** Observes `vmi`'s new phase if it differs from `old`'s (an informer update). */
  observe(vmi: VirtualMachineInstance, old: VirtualMachineInstance | undefined): void;
}

/** Registers the histogram (label `phase`) in `registry`. */
export function createPhaseTransitionMetric(
  registry: ControllerMetrics['registry'],
): PhaseTransitionMetric {
  const histogram = new Histogram({
    name: phaseTransitionMetricName,
    help,
    labelNames: ['phase'],
    buckets: [...phaseTransitionBuckets],
    registers: [registry],
  });
  return {
    observe(vmi, old) {
      const phase = vmi.status?.phase;
      if (old === undefined || phase === undefined || old.status?.phase === phase) return;
      const seconds = secondsFromCreation(vmi);
      if (seconds !== undefined) histogram.observe({ phase }, seconds);
    },
  };
}

/**
 * Feeds every VMI phase change the informer sees into `metric` — those virt-handler writes too,
 * since the controller watches every VMI. Returns a function that stops it.
 */
export function observePhaseTransitions(
  vmis: Pick<Informer<VirtualMachineInstance>, 'on'>,
  metric: PhaseTransitionMetric,
): () => void {
  return vmis.on('update', (vmi, old) => {
    metric.observe(vmi, old);
  });
}

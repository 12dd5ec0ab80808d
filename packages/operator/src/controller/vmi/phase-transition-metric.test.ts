import type { VirtualMachineInstance, VirtualMachineInstancePhase } from '@podvisor/api';
import { createControllerMetrics, metricsText } from '@podvisor/kube';
import { describe, expect, it } from 'vitest';
import {
  createPhaseTransitionMetric,
  phaseTransitionMetricName,
  secondsFromCreation,
} from './phase-transition-metric.ts';
import { testVmi } from './test-vmi.ts';

function inPhase(phase: VirtualMachineInstancePhase, enteredAt?: string): VirtualMachineInstance {
  return testVmi({
    status: {
      phase,
      phaseTransitionTimestamps: [
        { phase: 'Pending', phaseTransitionTimestamp: '2026-01-01T00:00:00.200Z' },
        ...(enteredAt === undefined ? [] : [{ phase, phaseTransitionTimestamp: enteredAt }]),
      ],
    },
  });
}

describe('secondsFromCreation', () => {
  it.each<[string, VirtualMachineInstance, number | undefined]>([
    [
      'measures from creation to the current phase',
      inPhase('Running', '2026-01-01T00:00:03.500Z'),
      3.5,
    ],
    ['floors clock skew at 0', inPhase('Scheduling', '2025-12-31T23:59:59Z'), 0],
    ['skips a phase without its timestamp', inPhase('Running'), undefined],
    ['skips a VMI without a phase', testVmi(), undefined],
  ])('%s', (_, vmi, expected) => {
    expect(secondsFromCreation(vmi)).toBe(expected);
  });
});

describe('the phase transition histogram', () => {
  it("observes phase changes under KubeVirt's name, label and buckets", async () => {
    const { registry } = createControllerMetrics();
    const metric = createPhaseTransitionMetric(registry);
    metric.observe(
      inPhase('Running', '2026-01-01T00:00:03Z'),
      inPhase('Scheduled', '2026-01-01T00:00:02Z'),
    );
    metric.observe(
      inPhase('Running', '2026-01-01T00:00:03Z'),
      inPhase('Running', '2026-01-01T00:00:03Z'),
    );
    metric.observe(inPhase('Pending', '2026-01-01T00:00:00Z'), undefined);
    const text = await metricsText(registry);
    expect(text).toContain(
      `# HELP ${phaseTransitionMetricName} Histogram of VM phase transitions duration from creation time in seconds.`,
    );
    expect(text).toContain(`${phaseTransitionMetricName}_bucket{le="2",phase="Running"} 0`);
    expect(text).toContain(`${phaseTransitionMetricName}_bucket{le="5",phase="Running"} 1`);
    expect(text).toContain(`${phaseTransitionMetricName}_bucket{le="3600",phase="Running"} 1`);
    expect(text).toContain(`${phaseTransitionMetricName}_count{phase="Running"} 1`);
    expect(text).not.toContain('phase="Pending"');
  });
});

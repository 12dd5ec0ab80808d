import { describe, expect, it } from 'vitest';
import type { BenchRecord } from './bench-record.ts';
import { noiseWarnings } from './bench-record.ts';
import { anchorId, renderReport } from './render-report.ts';

const quiet = {
  background: { busy: 0.02, steal: 0 },
  stealDuring: 0,
  loadAverageBefore: 0.1,
  loadAverageAfter: 1.2,
};

function record(overrides: Partial<BenchRecord> = {}): BenchRecord {
  return {
    name: 'vm-start',
    title: 'Start latency, one VM',
    date: '2026-11-26T12:00:00.000Z',
    durationSeconds: 95.4,
    machine: {
      cpu: 'Xeon',
      cores: 2,
      memoryGiB: 24,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0',
      node: 'v24.21.0',
      qemu: '7.2.22',
      libvirt: '9.0.0',
      accelerator: 'TCG',
    },
    load: quiet,
    noise: [],
    result: {
      method: 'From the POST to the banner.',
      figures: [
        {
          id: 'banner',
          label: 'create→banner',
          unit: 'ms',
          better: 'lower',
          samples: [3020, 3100, 2990],
          anchor: { label: 'bare QEMU', value: 2600, source: 'same run' },
        },
        { id: 'cold', label: 'first VM', unit: 'ms', better: 'lower', value: 6500 },
      ],
      tables: [{ title: 'Rounds', columns: ['round', 'a|b'], rows: [[1, 'x']] }],
      notes: 'Time goes to libvirt.',
    },
    ...overrides,
  };
}

describe('renderReport', () => {
  it('puts every anchored figure in the summary with its ratio to the anchor', () => {
    const md = renderReport([record()]);
    expect(md).toContain(
      '| [vm-start](#start-latency-one-vm) | create→banner | lower | 3,020 ms | 2,600 ms — bare QEMU | ×1.16 | quiet |',
    );
    expect(md).not.toContain('| [vm-start](#start-latency-one-vm) | first VM |'); // no anchor
  });

  it('renders the section: command, machine, method, figures with spread, tables and notes', () => {
    const md = renderReport([record()]);
    expect(md).toContain('## Start latency, one VM');
    expect(md).toContain('`npm run bench -- vm-start` · measured 2026-11-26 in 95 s on 2 cores');
    expect(md).toContain('| create→banner | lower | 3,020 ms | 2,990 ms – 3,100 ms (n = 3) |');
    expect(md).toContain('| first VM | lower | 6,500 ms | single value | — | — |');
    expect(md).toContain('| round | a\\|b |');
    expect(md).toContain('Time goes to libvirt.');
    expect(md).toContain('Machine quiet');
  });

  it('has one header cell per summary column', () => {
    expect(renderReport([record()])).toContain(
      '| benchmark | figure | better | Podvisor | anchor | ratio | run |',
    );
  });

  it('flags a busy machine in the section and on every summary row of the run', () => {
    const busy = { ...quiet, background: { busy: 0.4, steal: 0 } };
    const md = renderReport([record({ load: busy, noise: ['other processes kept 40 %'] })]);
    expect(md).toContain('Machine **busy**');
    expect(md).toContain('- ⚠ other processes kept 40 %');
    expect(md).toMatch(/×1\.16 \| ⚠ busy machine \|/);
  });

  it('flags a widely spread figure on its own row, the machine staying quiet', () => {
    const base = record();
    const [banner] = base.result.figures;
    if (banner === undefined) throw new Error('fixture has no figure');
    const spread = { ...banner, samples: [1000, 3000, 9000] };
    const md = renderReport([record({ result: { ...base.result, figures: [spread] } })]);
    expect(md).toContain('Machine quiet');
    expect(md).toMatch(/\| ⚠ wide spread \|/);
  });
});

describe('anchorId', () => {
  it('matches GitHub heading anchors', () => {
    expect(anchorId('Density: VMIs created at 10 per second')).toBe(
      'density-vmis-created-at-10-per-second',
    );
  });
});

describe('noiseWarnings', () => {
  it('is empty on a quiet machine with tight samples', () => {
    expect(noiseWarnings(quiet, record().result.figures)).toEqual([]);
  });

  it('names background load, steal and widely spread figures', () => {
    const busy = { ...quiet, background: { busy: 0.6, steal: 0 }, stealDuring: 0.08 };
    const spread = [
      { id: 'x', label: 'x', unit: 'ms' as const, better: 'lower' as const, samples: [1, 10, 100] },
    ];
    expect(noiseWarnings(busy, spread)).toEqual([
      'other processes kept 60 % of the CPU busy before the run started',
      'the hypervisor took 8 % of the CPU time (steal)',
      expect.stringMatching(/^wide spread in "x"/),
    ]);
  });
});

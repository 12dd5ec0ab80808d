import { describe, expect, it } from 'vitest';
import { cpuShare, parseCpuTimes } from './load-sampler.ts';

const stat = (user: number, idle: number, steal: number): string =>
  `cpu  ${String(user)} 0 0 ${String(idle)} 0 0 0 ${String(steal)} 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n`;

describe('parseCpuTimes', () => {
  it('reads the aggregate line: busy, idle (with iowait) and steal', () => {
    const times = parseCpuTimes('cpu  10 1 4 100 5 2 3 7 0 0\nintr 1\n');
    expect(times).toEqual({ busy: 20, idle: 105, steal: 7, total: 132 });
  });

  it('refuses a /proc/stat without the aggregate line', () => {
    expect(() => parseCpuTimes('intr 1\n')).toThrow(/aggregate cpu line/);
  });
});

describe('cpuShare', () => {
  it('is the busy and stolen share of the interval', () => {
    const share = cpuShare(parseCpuTimes(stat(100, 100, 0)), parseCpuTimes(stat(130, 160, 10)));
    expect(share.busy).toBeCloseTo(0.3);
    expect(share.steal).toBeCloseTo(0.1);
  });

  it('is zero for an empty interval', () => {
    const same = parseCpuTimes(stat(1, 1, 1));
    expect(cpuShare(same, same)).toEqual({ busy: 0, steal: 0 });
  });
});

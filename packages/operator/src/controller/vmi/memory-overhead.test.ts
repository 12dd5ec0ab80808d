import { describe, expect, it } from 'vitest';
import { guestMemoryBytes, memoryOverheadBytes, vcpuCount } from './memory-overhead.ts';
import { testVmi } from './test-vmi.ts';

const mib = 1024 * 1024;

describe('memoryOverheadBytes', () => {
  it.each<[string, object, number]>([
    // 223 (launcher pod) + 50 (QEMU) + 8 (1 vCPU) + 8 (IOThread) + 32 (VRAM) MiB + 128Mi/512
    ['a 128Mi, 1-vCPU guest with graphics', {}, 321 * mib + 256 * 1024],
    ['four vCPUs cost 8 MiB each', { cpu: { cores: 2, sockets: 2 } }, 345 * mib + 256 * 1024],
    [
      'no graphics device saves the VRAM',
      { devices: { autoattachGraphicsDevice: false } },
      289 * mib + 256 * 1024,
    ],
    [
      'page tables grow with the guest: 1Gi adds 2Mi',
      { resources: { requests: { memory: '1Gi' } } },
      323 * mib,
    ],
  ])('%s', (_, domain, expected) => {
    const vmi = testVmi();
    vmi.spec.domain = { ...vmi.spec.domain, ...domain };
    expect(memoryOverheadBytes(vmi)).toBe(BigInt(expected));
  });
});

describe('guestMemoryBytes and vcpuCount', () => {
  it.each<[string, object, number]>([
    ['domain.memory.guest wins', { memory: { guest: '256Mi' } }, 256 * mib],
    ['then the memory request', {}, 128 * mib],
    ['then the limit', { resources: { limits: { memory: '64Mi' } } }, 64 * mib],
    ['else nothing', { resources: {} }, 0],
  ])('guest memory: %s', (_, domain, expected) => {
    const vmi = testVmi();
    vmi.spec.domain = { ...vmi.spec.domain, ...domain };
    expect(guestMemoryBytes(vmi)).toBe(BigInt(expected));
  });

  it('multiplies sockets, cores and threads, each 1 by default', () => {
    const vmi = testVmi();
    expect(vcpuCount(vmi)).toBe(1);
    vmi.spec.domain.cpu = { sockets: 2, cores: 3, threads: 2 };
    expect(vcpuCount(vmi)).toBe(12);
  });
});

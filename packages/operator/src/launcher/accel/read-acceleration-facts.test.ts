import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAccelerationFacts } from './read-acceleration-facts.ts';

const root = mkdtempSync(join(tmpdir(), 'podvisor-accel-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function fixture(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('readAccelerationFacts', () => {
  it('reads cpuinfo, /proc/modules and the kvm modules under /sys/module', async () => {
    const dir = fixture('modular', {
      'proc/cpuinfo': 'flags : vmx\n',
      'proc/modules': 'kvm_intel 380928 0 - Live 0x0\nkvm 1134592 1 kvm_intel, Live 0x0\n',
      'sys/module/kvm_intel/refcnt': '0',
      'sys/module/virtio/refcnt': '0',
      'dev/kvm': '',
    });
    const facts = await readAccelerationFacts({
      forceEmulation: false,
      procDir: join(dir, 'proc'),
      sysDir: join(dir, 'sys'),
      kvmDevice: join(dir, 'dev/kvm'),
    });
    expect(facts).toEqual({
      cpuinfo: 'flags : vmx\n',
      modules: ['kvm_intel', 'kvm'],
      kvmDevice: true,
      forceEmulation: false,
    });
  });

  it('finds built-in kvm_pvm without /proc/modules and reports a missing /dev/kvm', async () => {
    const dir = fixture('pvm', {
      'proc/cpuinfo': 'flags : hypervisor\n',
      'sys/module/kvm_pvm/uevent': '',
    });
    const facts = await readAccelerationFacts({
      forceEmulation: true,
      procDir: join(dir, 'proc'),
      sysDir: join(dir, 'sys'),
      kvmDevice: join(dir, 'dev/kvm'),
    });
    expect(facts.modules).toEqual(['kvm_pvm']);
    expect(facts.kvmDevice).toBe(false);
    expect(facts.forceEmulation).toBe(true);
  });
});

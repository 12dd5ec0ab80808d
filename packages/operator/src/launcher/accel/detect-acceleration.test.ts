import { describe, expect, it } from 'vitest';
import { type AccelerationFacts, detectAcceleration } from './detect-acceleration.ts';

const intel =
  'processor\t: 0\nflags\t\t: fpu vme de pse vmx sse2\n\nprocessor\t: 1\nflags\t\t: fpu vme vmx\n';
const amd = 'processor\t: 0\nflags\t\t: fpu svm sse2\n';
/** This machine's kind: a PVM guest, no vmx/svm, `hypervisor` set. */
const pvmGuest = 'processor\t: 0\nflags\t\t: fpu vme hypervisor avx512f\n';

function facts(patch: Partial<AccelerationFacts>): AccelerationFacts {
  return {
    cpuinfo: intel,
    modules: ['kvm', 'kvm_intel'],
    kvmDevice: true,
    forceEmulation: false,
    ...patch,
  };
}

describe('detectAcceleration', () => {
  it.each<[string, Partial<AccelerationFacts>, RegExp]>([
    ['an Intel host with vmx', {}, /^KVM: \/dev\/kvm opens and the CPU has vmx$/],
    ['an AMD host with svm', { cpuinfo: amd, modules: ['kvm', 'kvm_amd'] }, /svm/],
    [
      'a host whose cpuinfo hides vmx but loads kvm_intel',
      { cpuinfo: pvmGuest },
      /kvm_intel is loaded/,
    ],
  ])('uses KVM on %s', (_name, patch, reason) => {
    const result = detectAcceleration(facts(patch));
    expect(result.accel).toBe('kvm');
    expect(result.reason).toMatch(reason);
  });

  it.each<[string, Partial<AccelerationFacts>, RegExp]>([
    ['useEmulation is set', { forceEmulation: true }, /useEmulation/],
    ['/dev/kvm does not open', { kvmDevice: false }, /\/dev\/kvm is missing/],
    [
      'kvm_pvm serves /dev/kvm (this machine)',
      { cpuinfo: pvmGuest, modules: ['kvm', 'kvm_pvm'] },
      /kvm_pvm/,
    ],
    ['kvm_pvm is loaded even with vmx', { modules: ['kvm', 'kvm_intel', 'kvm_pvm'] }, /kvm_pvm/],
    ['the CPU has neither vmx nor svm', { cpuinfo: pvmGuest, modules: ['kvm'] }, /no vmx or svm/],
    ['cpuinfo is unreadable', { cpuinfo: '', modules: [] }, /no vmx or svm/],
  ])('uses TCG when %s, saying why', (_name, patch, reason) => {
    const result = detectAcceleration(facts(patch));
    expect(result.accel).toBe('tcg');
    expect(result.reason).toMatch(/^software emulation: /);
    expect(result.reason).toMatch(reason);
  });

  it('does not mistake a flag that merely contains vmx for vmx', () => {
    expect(
      detectAcceleration(facts({ cpuinfo: 'flags : vmx_ept notvmx\n', modules: [] })).accel,
    ).toBe('tcg');
  });
});

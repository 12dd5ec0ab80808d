/** What `detectAcceleration` decides from. */
export interface AccelerationFacts {
  /** The text of /proc/cpuinfo. */
  readonly cpuinfo: string;
  /** Loaded kernel modules (`kvm`, `kvm_intel`, `kvm_amd`, `kvm_pvm`…). */
  readonly modules: readonly string[];
  /** Whether /dev/kvm exists and opens for reading and writing. */
  readonly kvmDevice: boolean;
  /** `useEmulation` in the KubeVirt configuration: always use TCG. */
  readonly forceEmulation: boolean;
}

/** The accelerator to use, and why (the message of KubeVirt's `SoftwareEmulation` condition). */
export interface Acceleration {
  readonly accel: 'kvm' | 'tcg';
  readonly reason: string;
}

/** The CPU flags of /proc/cpuinfo (the union over every processor). */
function cpuFlags(cpuinfo: string): Set<string> {
  const flags = new Set<string>();
  for (const line of cpuinfo.split('\n')) {
    const match = /^flags\s*:(.*)$/.exec(line);
    if (match?.[1] === undefined) continue;
    for (const flag of match[1].trim().split(/\s+/)) if (flag !== '') flags.add(flag);
  }
  return flags;
}

function hardwareVirtualization(facts: AccelerationFacts): string | undefined {
  const flags = cpuFlags(facts.cpuinfo);
  if (flags.has('vmx')) return 'the CPU has vmx';
  if (flags.has('svm')) return 'the CPU has svm';
  if (facts.modules.includes('kvm_intel')) return 'kvm_intel is loaded';
  if (facts.modules.includes('kvm_amd')) return 'kvm_amd is loaded';
  return undefined;
}

/**
 * KVM or TCG, by the rule measured on the project machines (feasibility §2): KVM only when
 * `/dev/kvm` opens, the CPU has hardware virtualization (vmx/svm flags, or kvm_intel/kvm_amd
 * loaded) and the PVM module (`kvm_pvm`, under which stock kernels crash) is not loaded; TCG
 * otherwise, and always when `forceEmulation` is set.
 */
export function detectAcceleration(facts: AccelerationFacts): Acceleration {
  if (facts.forceEmulation) {
    return { accel: 'tcg', reason: 'software emulation: useEmulation is set' };
  }
  if (!facts.kvmDevice) {
    return { accel: 'tcg', reason: 'software emulation: /dev/kvm is missing or cannot be opened' };
  }
  if (facts.modules.includes('kvm_pvm')) {
    return {
      accel: 'tcg',
      reason:
        'software emulation: /dev/kvm is served by the kvm_pvm module, which cannot run stock guest kernels',
    };
  }
  const hardware = hardwareVirtualization(facts);
  if (hardware === undefined) {
    return {
      accel: 'tcg',
      reason: 'software emulation: the CPU has no vmx or svm flag',
    };
  }
  return { accel: 'kvm', reason: `KVM: /dev/kvm opens and ${hardware}` };
}

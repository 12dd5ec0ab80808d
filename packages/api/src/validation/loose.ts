import type {
  Devices,
  Disk,
  DomainSpec,
  Interface,
  Network,
  Volume,
  VirtualMachineInstanceSpec,
} from '../generated/kubevirt-types.ts';

/**
 * An API object as it may arrive from a client: every field may be missing. Defaulting and
 * validation read objects through this view so that a missing field is handled, not a crash.
 */
export type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> }
    : T;

export type LooseVmiSpec = Loose<VirtualMachineInstanceSpec>;
export type LooseDomain = Loose<DomainSpec>;
export type LooseDevices = Loose<Devices>;
export type LooseDisk = Loose<Disk>;
export type LooseInterface = Loose<Interface>;
export type LooseNetwork = Loose<Network>;
export type LooseVolume = Loose<Volume>;

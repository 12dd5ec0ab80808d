export { DomainConversionError } from './domain-conversion-error.ts';
export type {
  DomainInput,
  LauncherPaths,
  PodNetworkInput,
  ResolvedDisks,
  ResolvedFile,
  ResolvedIso,
  ResolvedKernel,
  ResolvedVolume,
} from './domain-input.ts';
export { domainSpecFor } from './domain-spec-for.ts';
export { domainXml } from './domain-xml.ts';
export { launcherPathsIn } from './launcher-paths.ts';
export type * from './libvirt-domain.ts';
export { defaultMachineType, machineTypeAliases } from './machine-type.ts';
export { fixedCpuModel } from './domain-cpu.ts';
export { parseQuantity } from './parse-quantity.ts';
export { renderDomainXml } from './render-domain-xml.ts';
export { passtPortArgs } from './render-nic.ts';

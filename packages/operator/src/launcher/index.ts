export type { DomainRuntime } from './domain-runtime.ts';
export { createLibvirtRuntime, domainName, type LibvirtRuntimeOptions } from './libvirt-runtime.ts';
export { exitCodeOf, runVirtLauncher } from './run-virt-launcher.ts';
export { virtLauncherConfigSpec, type VirtLauncherConfig } from './virt-launcher-config.ts';
export {
  startVirtLauncher,
  type LauncherExit,
  type VirtLauncher,
  type VirtLauncherOptions,
} from './virt-launcher.ts';
export { virtTailConfigSpec, type VirtTailConfig } from './virt-tail-config.ts';
export {
  followStep,
  socketGone,
  virtTail,
  type FollowedFile,
  type FollowStep,
  type VirtTailEnd,
  type VirtTailOptions,
} from './virt-tail.ts';

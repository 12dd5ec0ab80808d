export {
  type AgentEvent,
  type DomainEvent,
  type IoErrorEvent,
  isCrashEvent,
  type LifecycleEvent,
  type LifecycleEventType,
  lifecycleEventTypes,
  parseDomainEvent,
  type RebootEvent,
  type WatchdogEvent,
} from './domain-event.ts';
export { type DomainState, type DomainStateName, parseDomainState } from './domain-state.ts';
export { LibvirtStartError } from './libvirt-start-error.ts';
export {
  defaultQemuUser,
  libvirtdConf,
  qemuConf,
  type QemuUser,
  virtlogdConf,
} from './private-libvirt-config.ts';
export { type PrivateLibvirtLayout, privateLibvirtLayout } from './private-libvirt-layout.ts';
export { type FileOwner, lookupQemuOwner, qemuOwnerFrom } from './qemu-owner.ts';
export {
  type PrivateLibvirt,
  type PrivateLibvirtOptions,
  startPrivateLibvirt,
} from './start-private-libvirt.ts';
export { Virsh } from './virsh.ts';
export { VirshError, type VirshErrorCode } from './virsh-error.ts';
export {
  type DomainEventWatch,
  watchDomainEvents,
  type WatchDomainEventsOptions,
} from './watch-domain-events.ts';

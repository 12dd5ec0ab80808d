import type { ClusterConfig } from '../cluster-config.ts';
import type { LooseVmiSpec } from '../validation/loose.ts';
import {
  defaultCpuTopology,
  defaultGuestMemory,
  defaultMachine,
  defaultResourceRequests,
} from './default-compute.ts';
import {
  defaultContainerDiskPullPolicy,
  defaultDisks,
  defaultInterfaces,
  defaultPodNetwork,
} from './default-devices.ts';

/** KubeVirt's grace period for a guest to shut down. */
export const defaultTerminationGracePeriodSeconds = 30;

/** Applies every VMI spec default in place (on a copy the caller owns). */
export function applyVmiSpecDefaults(spec: LooseVmiSpec, config: ClusterConfig): void {
  const domain = (spec.domain ??= {});
  defaultMachine(domain, config);
  defaultResourceRequests(domain, config);
  defaultGuestMemory(domain);
  defaultCpuTopology(domain);
  defaultContainerDiskPullPolicy(spec);
  if (spec.evictionStrategy === undefined && config.evictionStrategy !== undefined) {
    spec.evictionStrategy = config.evictionStrategy;
  }
  spec.terminationGracePeriodSeconds ??= defaultTerminationGracePeriodSeconds;
  defaultPodNetwork(spec);
  defaultInterfaces(spec);
  defaultDisks(spec);
}

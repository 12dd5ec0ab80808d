import type { ContainerStatus, Pod } from '../workloads/pod.ts';

/** The core/v1 `pods` resource, as watches and requests name it. */
export const podsResource = { group: '', version: 'v1', resource: 'pods' } as const;

/** A container's port as the spec declares it. */
export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: string;
}

/** A container of the pod's spec (the fields the console reads). */
export interface PodContainer {
  readonly name: string;
  readonly image?: string;
  readonly ports?: readonly ContainerPort[];
}

/** What a container's state says, with the messages kubectl describe shows. */
export interface PodContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: {
    readonly reason?: string;
    readonly message?: string;
    readonly exitCode?: number;
    readonly signal?: number;
    readonly finishedAt?: string;
  };
}

/** A container's status, with the restart count and the state of its last run. */
export interface PodContainerStatus extends ContainerStatus {
  readonly image?: string;
  readonly restartCount?: number;
  readonly state?: PodContainerState;
  readonly lastState?: PodContainerState;
}

/** One of the pod's conditions (PodScheduled, Initialized, ContainersReady, Ready…). */
export interface PodCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string | null;
}

/** A core/v1 Pod with the fields the Pods pages read (a superset of the Workloads' `Pod`). */
export interface PodResource extends Pod {
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly PodContainer[];
    readonly initContainers?: readonly PodContainer[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly podIP?: string;
    readonly podIPs?: readonly { readonly ip: string }[];
    readonly hostIP?: string;
    readonly qosClass?: string;
    readonly startTime?: string;
    readonly conditions?: readonly PodCondition[];
    readonly initContainerStatuses?: readonly PodContainerStatus[];
    readonly containerStatuses?: readonly PodContainerStatus[];
  };
}

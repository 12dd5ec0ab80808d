import type { K8sObject } from '../k8s/index.ts';

/** One port of a core/v1 Service (the fields the console reads). */
export interface ServicePort {
  readonly name?: string;
  /** `TCP` when absent. */
  readonly protocol?: string;
  readonly port: number;
  /** A number or a container port's name; the port itself when absent. */
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

/** A core/v1 Service, reduced to the fields the console reads. */
export interface Service extends K8sObject {
  readonly spec?: {
    /** `ClusterIP` when absent. */
    readonly type?: string;
    /** `None` for a headless Service. */
    readonly clusterIP?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly ServicePort[];
  };
}

/** One address of an Endpoints subset: an IP and, for a pod, the pod it belongs to. */
export interface EndpointAddress {
  readonly ip: string;
  readonly targetRef?: {
    readonly kind?: string;
    readonly name?: string;
    readonly namespace?: string;
  };
}

/** A core/v1 Endpoints object (same name as its Service), reduced to its addresses. */
export interface Endpoints extends K8sObject {
  readonly subsets?: readonly {
    readonly addresses?: readonly EndpointAddress[];
    readonly notReadyAddresses?: readonly EndpointAddress[];
  }[];
}

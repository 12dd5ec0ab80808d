import type {
  ExposeOptions,
  ExposedServiceType,
  ServicePortSpec,
  ServiceProtocol,
} from './parse-expose-options.ts';
import { UsageError } from './usage-error.ts';

/** What `kubectl virt expose` exposes: a VMI, a VM or a VMI replica set. */
export type ExposeKind = 'vmi' | 'vm' | 'vmirs';

/** Where each kind is read from, and its Kind for messages. */
export const exposeResources: Readonly<
  Record<ExposeKind, { readonly resource: string; readonly kind: string }>
> = {
  vmi: { resource: 'virtualmachineinstances', kind: 'VirtualMachineInstance' },
  vm: { resource: 'virtualmachines', kind: 'VirtualMachine' },
  vmirs: {
    resource: 'virtualmachineinstancereplicasets',
    kind: 'VirtualMachineInstanceReplicaSet',
  },
};

const kindNames: Readonly<Record<ExposeKind, readonly string[]>> = {
  vmi: ['vmi', 'vmis', 'virtualmachineinstance', 'virtualmachineinstances'],
  vm: ['vm', 'vms', 'virtualmachine', 'virtualmachines'],
  vmirs: [
    'vmirs',
    'vmirss',
    'virtualmachineinstancereplicaset',
    'virtualmachineinstancereplicasets',
  ],
};

/**
 * Labels that say where a VMI runs now, not what it is: a launcher pod does not carry them (the
 * pod is created before the VMI is scheduled, a migration target pod leaves them out), so a
 * selector holding them would select nothing. virtctl drops the same ones.
 */
export const placementLabels: readonly string[] = [
  'kubevirt.io/nodeName',
  'kubevirt.io/migrationTargetNodeName',
  'kubevirt.io/vm-pool-revision-name',
];

/** `vm`/`vmi`/`vmirs` in any case, singular or plural, short or long → the kind. */
export function exposeKindOf(raw: string): ExposeKind {
  const type = raw.toLowerCase();
  const kinds = Object.keys(kindNames) as ExposeKind[];
  const kind = kinds.find((k) => kindNames[k].includes(type));
  if (kind !== undefined) return kind;
  throw new UsageError(
    `unsupported resource type ${JSON.stringify(raw)}: use vm (virtualmachine), vmi (virtualmachineinstance) or vmirs (virtualmachineinstancereplicaset)`,
  );
}

type Json = Readonly<Record<string, unknown>>;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function objects(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v));
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

function withoutPlacement(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter(([key]) => !placementLabels.includes(key)),
  );
}

/** The VMI spec behind the object: the VMI's own, or the template's of a VM or replica set. */
function vmiSpecOf(kind: ExposeKind, object: unknown): unknown {
  return kind === 'vmi' ? field(object, 'spec') : field(object, 'spec', 'template', 'spec');
}

/**
 * The Service selector for an object, as virtctl builds it: a VMI's labels, a VM's
 * `spec.template.metadata.labels`, a replica set's `spec.selector.matchLabels`, each without
 * the placement labels. The launcher pod carries the VMI's labels, so the Service selects it.
 * Throws for a replica set selecting by match expressions (a Service cannot).
 */
export function serviceSelectorOf(kind: ExposeKind, object: unknown): Record<string, string> {
  if (kind === 'vmi') return withoutPlacement(stringMap(field(object, 'metadata', 'labels')));
  if (kind === 'vm') {
    return withoutPlacement(stringMap(field(object, 'spec', 'template', 'metadata', 'labels')));
  }
  if (objects(field(object, 'spec', 'selector', 'matchExpressions')).length > 0) {
    throw new Error('cannot expose VirtualMachineInstanceReplicaSet with match expressions');
  }
  return stringMap(field(object, 'spec', 'selector', 'matchLabels'));
}

function protocolOf(value: unknown): ServiceProtocol {
  const upper = typeof value === 'string' ? value.toUpperCase() : 'TCP';
  return upper === 'UDP' || upper === 'SCTP' ? upper : 'TCP';
}

/**
 * The ports a VMI spec declares on its pod network interface (`interfaces[].ports` of the
 * interface whose network is `pod`), named `port-1`, `port-2`… as virtctl names them; empty
 * when it declares none.
 */
export function podNetworkPorts(vmiSpec: unknown): ServicePortSpec[] {
  const podNetwork = objects(field(vmiSpec, 'networks')).find((n) => n['pod'] !== undefined);
  const networkName = podNetwork?.['name'];
  if (typeof networkName !== 'string') return [];
  const iface = objects(field(vmiSpec, 'domain', 'devices', 'interfaces')).find(
    (i) => i['name'] === networkName,
  );
  return objects(iface?.['ports']).flatMap((p, i) => {
    const port = p['port'];
    if (typeof port !== 'number' || !Number.isInteger(port)) return [];
    return [{ name: `port-${i + 1}`, protocol: protocolOf(p['protocol']), port, targetPort: port }];
  });
}

/** The object to expose, as read from the API server. */
export interface ExposeSource {
  readonly kind: ExposeKind;
  /** The resource type as the user typed it, lower-cased (`vmi`, `virtualmachine`): messages use it. */
  readonly type: string;
  readonly name: string;
  readonly object: unknown;
}

/** A `v1` Service, as `kubectl virt expose` creates it. */
export interface ServiceManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly ports: readonly ServicePortSpec[];
    readonly selector: Readonly<Record<string, string>>;
    readonly type: ExposedServiceType;
    readonly clusterIP?: string;
    readonly externalIPs?: readonly string[];
  };
}

/**
 * The Service that exposes `source` in `namespace`: its selector (`serviceSelectorOf`), the
 * `--port` or else the declared pod-network ports, the type and addresses from the flags.
 * Throws an Error naming the object when it has no labels or there is no port to expose.
 */
export function buildService(
  source: ExposeSource,
  options: ExposeOptions & { readonly namespace: string },
): ServiceManifest {
  const selector = serviceSelectorOf(source.kind, source.object);
  if (Object.keys(selector).length === 0) {
    throw new Error(`cannot expose ${source.type} without any label: ${source.name}`);
  }
  const ports =
    options.port === undefined
      ? podNetworkPorts(vmiSpecOf(source.kind, source.object))
      : [options.port];
  if (ports.length === 0) {
    throw new Error(
      `couldn't find port via --port flag or introspection: ${source.type} ${source.name} declares no ports on its pod network interface`,
    );
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: options.serviceName, namespace: options.namespace },
    spec: {
      ports,
      selector,
      type: options.type,
      ...(options.clusterIP === undefined ? {} : { clusterIP: options.clusterIP }),
      ...(options.externalIP === undefined ? {} : { externalIPs: [options.externalIP] }),
    },
  };
}

import { isIP } from 'node:net';
import { UsageError } from './usage-error.ts';

/** The protocols a Service port can carry. */
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

/** The Service types `kubectl virt expose` creates (ExternalName selects no pods). */
export type ExposedServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** One port of the Service, as it goes into `spec.ports`. */
export interface ServicePortSpec {
  readonly name?: string;
  readonly protocol: ServiceProtocol;
  readonly port: number;
  /** A port number or the name of a port; the port itself when not given. */
  readonly targetPort: number | string;
}

/** The `kubectl virt expose` flags, checked. */
export interface ExposeOptions {
  /** `--name`: the Service's name. */
  readonly serviceName: string;
  /** From `--port`; absent: the ports the VM declares on its pod network interface. */
  readonly port?: ServicePortSpec;
  readonly type: ExposedServiceType;
  /** `--cluster-ip`: an address, or `None` for a headless Service; absent: allocated. */
  readonly clusterIP?: string;
  /** `--external-ip`: one more address the Service accepts traffic for. */
  readonly externalIP?: string;
}

/** The flags `parseExposeOptions` reads, as given on the command line (undefined: not given). */
export type ExposeFlags = Readonly<
  Record<
    | 'name'
    | 'port'
    | 'target-port'
    | 'port-name'
    | 'protocol'
    | 'type'
    | 'cluster-ip'
    | 'external-ip',
    string | undefined
  >
>;

const protocols: readonly ServiceProtocol[] = ['TCP', 'UDP', 'SCTP'];
const serviceTypes: readonly ExposedServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer'];

const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ianaServiceName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function invalid(flag: string, raw: string, reason: string): UsageError {
  return new UsageError(`invalid argument ${JSON.stringify(raw)} for "--${flag}" flag: ${reason}`);
}

function portNumber(flag: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw invalid(flag, raw, 'not an integer');
  const port = Number(raw);
  if (port < 1 || port > 65535) throw invalid(flag, raw, 'must be between 1 and 65535');
  return port;
}

/** A port number, or a port name as Kubernetes allows them (IANA_SVC_NAME). */
function targetPortOf(raw: string): number | string {
  if (/^\d+$/.test(raw)) return portNumber('target-port', raw);
  const isName =
    raw.length <= 15 && ianaServiceName.test(raw) && /[a-z]/.test(raw) && !raw.includes('--');
  if (!isName) {
    throw invalid(
      'target-port',
      raw,
      "must be a port number (1-65535) or a port name (at most 15 lowercase letters, digits and '-', with at least one letter)",
    );
  }
  return raw;
}

function serviceNameOf(raw: string | undefined): string {
  if (raw === undefined || raw === '') throw new UsageError('required flag(s) "name" not set');
  if (raw.length > 63 || !dns1035Label.test(raw)) {
    throw invalid(
      'name',
      raw,
      "a Service name must be a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)",
    );
  }
  return raw;
}

function protocolOf(raw: string | undefined): ServiceProtocol {
  if (raw === undefined) return 'TCP';
  const protocol = protocols.find((p) => p === raw.toUpperCase());
  if (protocol === undefined)
    throw invalid('protocol', raw, 'unknown protocol (use TCP, UDP or SCTP)');
  return protocol;
}

function serviceTypeOf(raw: string | undefined): ExposedServiceType {
  if (raw === undefined) return 'ClusterIP';
  const type = serviceTypes.find((t) => t.toLowerCase() === raw.toLowerCase());
  if (type !== undefined) return type;
  if (raw.toLowerCase() === 'externalname') {
    throw invalid('type', raw, 'type ExternalName not supported (it selects no pods)');
  }
  throw invalid('type', raw, 'unknown service type (use ClusterIP, NodePort or LoadBalancer)');
}

function portNameOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 63 || !dns1123Label.test(raw)) {
    throw invalid(
      'port-name',
      raw,
      "a port name must be a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
    );
  }
  return raw;
}

function portOf(flags: ExposeFlags): ServicePortSpec | undefined {
  const protocol = protocolOf(flags.protocol);
  const name = portNameOf(flags['port-name']);
  const raw = flags.port;
  if (raw === undefined) {
    for (const flag of ['target-port', 'port-name'] as const) {
      if (flags[flag] !== undefined) {
        throw new UsageError(
          `flag --${flag} needs --port (without --port, the ports the VM declares on its pod network are exposed)`,
        );
      }
    }
    return undefined;
  }
  const port = portNumber('port', raw);
  const targetPort = flags['target-port'];
  return {
    ...(name === undefined ? {} : { name }),
    protocol,
    port,
    targetPort: targetPort === undefined || targetPort === '' ? port : targetPortOf(targetPort),
  };
}

function clusterIpOf(raw: string | undefined, type: ExposedServiceType): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'None' && isIP(raw) === 0) {
    throw invalid('cluster-ip', raw, 'must be an IP address, or None for a headless service');
  }
  if (raw === 'None' && type !== 'ClusterIP') {
    throw invalid('cluster-ip', raw, `a headless service cannot have --type ${type}`);
  }
  return raw;
}

function externalIpOf(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (isIP(raw) === 0) throw invalid('external-ip', raw, 'must be an IP address');
  return raw;
}

/**
 * Checks the `kubectl virt expose` flags, as virtctl reads them: `--name` is required, the
 * target port defaults to the port, protocol and type are case-insensitive. Throws a
 * UsageError naming the flag.
 */
export function parseExposeOptions(flags: ExposeFlags): ExposeOptions {
  const serviceName = serviceNameOf(flags.name);
  const port = portOf(flags);
  const type = serviceTypeOf(flags.type);
  const clusterIP = clusterIpOf(flags['cluster-ip'], type);
  const externalIP = externalIpOf(flags['external-ip']);
  return {
    serviceName,
    ...(port === undefined ? {} : { port }),
    type,
    ...(clusterIP === undefined ? {} : { clusterIP }),
    ...(externalIP === undefined ? {} : { externalIP }),
  };
}

/** Which console of a VMI: the serial console, VNC or SPICE. */
export type ConsoleKind = 'serial' | 'vnc' | 'spice';

/** The VMI console a browser asks for. */
export interface ConsoleTarget {
  readonly namespace: string;
  readonly name: string;
  readonly kind: ConsoleKind;
}

/** The virt-api subresource of each console kind. */
const subresources: Readonly<Record<ConsoleKind, string>> = {
  serial: 'console',
  // preserveSession: a second viewer is refused ("Active VNC connection") instead of taking
  // the first one's session (KubeVirt ≥ 1.6; older versions ignore the parameter).
  vnc: 'vnc?preserveSession=true',
  spice: 'spice',
};

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function isConsoleKind(kind: string): kind is ConsoleKind {
  return Object.hasOwn(subresources, kind);
}

/** Why a target is not valid, naming the field; undefined when it is. */
function targetProblem(target: ConsoleTarget): string | undefined {
  const { namespace, name, kind } = target as { namespace: unknown; name: unknown; kind: unknown };
  if (typeof namespace !== 'string' || namespace.length > 63 || !dnsLabel.test(namespace))
    return `invalid namespace ${JSON.stringify(namespace)}: it must be a DNS-1123 label`;
  if (typeof name !== 'string' || name.length > 253 || !dnsSubdomain.test(name))
    return `invalid VMI name ${JSON.stringify(name)}: it must be a DNS-1123 subdomain`;
  if (typeof kind !== 'string' || !isConsoleKind(kind))
    return `invalid console kind ${JSON.stringify(kind)}: it must be serial, vnc or spice`;
  return undefined;
}

/**
 * The API server path of a VMI console (virt-api's subresource, serial → `console`), or the
 * problem with the target, naming the field.
 */
export function consoleUpstreamPath(
  target: ConsoleTarget,
): { readonly path: string } | { readonly problem: string } {
  const problem = targetProblem(target);
  if (problem !== undefined) return { problem };
  const { namespace, name, kind } = target;
  return {
    path: `/apis/subresources.kubevirt.io/v1/namespaces/${namespace}/virtualmachineinstances/${name}/${subresources[kind]}`,
  };
}

/** What the launcher knows of its pod's network namespace (see `readPodNetworkFacts`). */
export interface PodNetworkFacts {
  /** `/proc/net/route` of the launcher's network namespace. */
  readonly routeTable: string;
  /** The addresses of each interface (`os.networkInterfaces()`), by interface name. */
  readonly interfaceAddresses: Readonly<Record<string, readonly string[]>>;
  /** The pod's IP (`POD_IP`), when the launcher was given one. */
  readonly podIp?: string;
  /** The passt binary found (PATH, then /usr/bin/passt), or undefined. */
  readonly passtPath?: string;
  /** Whether the launcher runs as root (passt then runs beside a private libvirtd). */
  readonly root: boolean;
  /** The soft limit of open files (passt inherits it): bounds how many ports it can forward. */
  readonly openFileLimit?: number;
}

/** How the guest reaches the pod network, and why. */
export type PodNetworkChoice =
  | {
      readonly backend: 'passt';
      readonly passtPath: string;
      /** The interface of the default route (passt's template interface). */
      readonly interfaceName: string;
      readonly reason: string;
    }
  | { readonly backend: 'slirp'; readonly reason: string };

/** RTF_UP in /proc/net/route's flags. */
const routeUp = 0x1;

/**
 * The interface of the first usable default route in a `/proc/net/route` text (destination and
 * mask 0, up), ignoring loopback; undefined when there is none.
 */
export function defaultRouteInterface(routeTable: string): string | undefined {
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , flags, , , , mask] = line.trim().split(/\s+/);
    if (iface === undefined || iface === '' || iface === 'lo') continue;
    if (destination !== '00000000' || mask !== '00000000') continue;
    if ((Number.parseInt(flags ?? '0', 16) & routeUp) === 0) continue;
    return iface;
  }
  return undefined;
}

function slirp(reason: string): PodNetworkChoice {
  return { backend: 'slirp', reason };
}

/**
 * passt (the guest gets the pod's address, route and DNS server by DHCP) when the pod has a
 * network of its own: a pod IP on the non-loopback interface of the default route, passt
 * installed, and root (passt's socket lives in the private libvirtd's run directory).
 * Otherwise slirp, as in local mode's loopback pods or a cluster without passt.
 */
export function choosePodNetwork(facts: PodNetworkFacts): PodNetworkChoice {
  if (!facts.root) return slirp('the launcher does not run as root');
  const iface = defaultRouteInterface(facts.routeTable);
  if (iface === undefined) {
    return slirp('the pod has no default route through a network interface (loopback mode)');
  }
  const podIp = facts.podIp ?? '';
  // Without it, passt would forward ports on every address of a namespace that may be the host's.
  if (podIp === '') return slirp('the launcher has no pod IP (POD_IP)');
  if (!(facts.interfaceAddresses[iface] ?? []).includes(podIp)) {
    return slirp(`the pod IP ${podIp} is not on ${iface}, the default route's interface`);
  }
  if (facts.passtPath === undefined) return slirp('passt is not installed (PATH, /usr/bin/passt)');
  return {
    backend: 'passt',
    passtPath: facts.passtPath,
    interfaceName: iface,
    reason: `a default route through ${iface} holding the pod IP ${podIp}; ${facts.passtPath}`,
  };
}

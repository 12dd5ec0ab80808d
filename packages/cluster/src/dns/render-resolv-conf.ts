import { isIP } from 'node:net';
import { parseZone } from './dns-name.ts';

/** Options of {@link renderResolvConf}. */
export interface ResolvConfOptions {
  /** The cluster DNS server's address (resolv.conf has no port: it must listen on 53). */
  readonly nameserver: string;
  /** The pod's namespace. */
  readonly namespace: string;
  /** The cluster domain (`cluster.local`). */
  readonly zone: string;
}

const labelPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The `/etc/resolv.conf` of a pod with `dnsPolicy: ClusterFirst`, as the kubelet writes it:
 * the search list `<ns>.svc.<zone> svc.<zone> <zone>`, the cluster DNS server and `ndots:5`.
 * Throws naming the field that is not an IP address, a namespace or a domain.
 */
export function renderResolvConf(options: ResolvConfOptions): string {
  if (isIP(options.nameserver) === 0)
    throw new Error(`nameserver: '${options.nameserver}' is not an IP address`);
  if (!labelPattern.test(options.namespace))
    throw new Error(`namespace: '${options.namespace}' is not a DNS-1123 label`);
  const zone = parseZone(options.zone, 'zone');
  return [
    `search ${options.namespace}.svc.${zone} svc.${zone} ${zone}`,
    `nameserver ${options.nameserver}`,
    'options ndots:5',
    '',
  ].join('\n');
}

import { checkNetnsName } from './network-names.ts';
import { defaultIpBinary } from './run-ip-plan.ts';

/** A command line for `spawn(file, args)`. */
export interface NetnsCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/** How to enter the netns. */
export interface RunInNetnsOptions {
  /**
   * `ip` (default): `ip netns exec NAME …`, for pods. It execs the command (the pid stays the
   * command's), gives it a private mount namespace with the netns's /sys, and bind-mounts
   * `/etc/netns/NAME/*` over `/etc` (how a pod can get its own resolv.conf).
   * `nsenter`: `nsenter --net=/run/netns/NAME …`, which changes only the network namespace, for
   * long-running cluster components (API server, node agents) that create namespaces themselves:
   * `ip netns add` run under `ip netns exec` mounts the new netns only in that private mount
   * namespace, so the host (and `ip netns list`) cannot see it.
   */
  readonly via?: 'ip' | 'nsenter';
  /** The `ip` binary; `/usr/sbin/ip` by default. */
  readonly ipBinary?: string;
}

/** The command line that runs `command args…` inside the network namespace `netns`. */
export function runInNetns(
  netns: string,
  command: string,
  args: readonly string[],
  options: RunInNetnsOptions = {},
): NetnsCommand {
  const name = checkNetnsName(netns);
  if (command === '') throw new Error('command must not be empty');
  if (options.via === 'nsenter') {
    return { file: 'nsenter', args: [`--net=/run/netns/${name}`, '--', command, ...args] };
  }
  return {
    file: options.ipBinary ?? defaultIpBinary(),
    args: ['netns', 'exec', name, command, ...args],
  };
}

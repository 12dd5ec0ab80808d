import {
  type GuestAddress,
  type LibvirtInterface,
  type PortForward,
  passtPortArgs,
} from '../domain/index.ts';

/** Options of {@link passtArgs}. */
export interface PasstArgsOptions {
  /** The guest's NIC (`passt-socket`), with its port forwards. */
  readonly nic: LibvirtInterface;
  /** The unix socket passt creates, as the launcher sees it. */
  readonly socket: string;
  /** Who passt runs as once it drops root: QEMU's user, which connects to the socket. */
  readonly runAs: { readonly uid: number; readonly gid: number };
  /** The soft open-file limit passt inherits; it bounds "every port" (default: no bound). */
  readonly openFileLimit?: number;
}

/** passt's command line and what the launcher should say about it. */
export interface PasstPlan {
  readonly args: readonly string[];
  /** Forwards cut short by the open-file limit, for the log. */
  readonly notes: readonly string[];
}

/** "Every port" ends below Linux's default ephemeral range, as passt's own `all`. */
export const everyPortEnd = 32767;
/** Open files left to passt for its connections when it forwards every port. */
export const reservedFiles = 4096;

const protoName = { tcp: 'TCP', udp: 'UDP' } as const;

/**
 * `--tcp-ports`/`--udp-ports` for forwards without ports ("every port"). passt binds one socket
 * per port and this passt refuses `ADDRESS/all`, so the ports are a range from 1: TCP first,
 * then UDP, within the open files left after `reservedFiles`.
 */
function everyPortArgs(
  forwards: readonly PortForward[],
  budget: number,
): { args: string[]; notes: string[] } {
  const args: string[] = [];
  const notes: string[] = [];
  let left = budget;
  for (const forward of [...forwards].sort((a, b) => a.proto.localeCompare(b.proto))) {
    const end = Math.min(everyPortEnd, Math.max(0, left));
    left -= end;
    if (end < everyPortEnd) {
      const what = end === 0 ? 'none' : `1-${String(end)}`;
      notes.push(
        `${protoName[forward.proto]} ports forwarded: ${what} of 1-${String(everyPortEnd)}`,
      );
    }
    if (end === 0) continue;
    const range = `1-${String(end)}`;
    args.push(
      forward.proto === 'tcp' ? '--tcp-ports' : '--udp-ports',
      forward.address === undefined ? range : `${forward.address}/${range}`,
    );
  }
  return { args, notes };
}

/**
 * `--address --netmask --gateway` for a masquerade guest: passt hands these out by DHCP instead
 * of the pod's address and route. It still answers inbound connections to the pod IP (to the
 * guest's address) and opens the guest's outbound connections from the pod IP; traffic to the
 * gateway reaches the pod's loopback (passt maps it, `--no-map-gw` unset), and DNS goes to the
 * nameservers of the pod's resolv.conf (a loopback one through the gateway).
 */
function guestAddressArgs(guest: GuestAddress | undefined): string[] {
  if (guest === undefined) return [];
  return [
    '--address',
    guest.address,
    '--netmask',
    String(guest.prefixLength),
    '--gateway',
    guest.gateway,
  ];
}

/**
 * passt's arguments for the guest's NIC: in the foreground (`-f`, the launcher's child), logging
 * to stderr, running as `runAs`, its socket at `socket`, the declared ports forwarded from the
 * pod IP as `passtPortArgs` gives them, and for "every port" a range the open-file limit allows;
 * a masquerade NIC's guest gets its fixed address (`guestAddress`), any other the pod's.
 */
export function passtArgs(options: PasstArgsOptions): PasstPlan {
  const { nic, runAs } = options;
  const declared = nic.portForwards.filter((forward) => forward.ports.length > 0);
  const every = nic.portForwards.filter((forward) => forward.ports.length === 0);
  const declaredCount = declared.reduce((sum, forward) => sum + forward.ports.length, 0);
  const budget =
    options.openFileLimit === undefined
      ? Number.POSITIVE_INFINITY
      : options.openFileLimit - reservedFiles - declaredCount;
  const forAll = everyPortArgs(every, budget);
  const notes =
    forAll.notes.length === 0
      ? []
      : [
          `${forAll.notes.join('; ')}: the open-file limit (${String(options.openFileLimit)}) is too low for every port; declare the VM's ports to forward others`,
        ];
  return {
    args: [
      '-f',
      '-e',
      '-q',
      '--runas',
      `${String(runAs.uid)}:${String(runAs.gid)}`,
      '-s',
      options.socket,
      ...guestAddressArgs(nic.guestAddress),
      ...passtPortArgs({ ...nic, portForwards: declared }),
      ...forAll.args,
    ],
    notes,
  };
}

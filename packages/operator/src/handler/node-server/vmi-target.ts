import type { VirtualMachineInstance } from '@podvisor/api';
import type { LauncherSession } from '../launcher-session.ts';
import { activePodOn } from '../vmi-reconciler.ts';
import type { NodeRoute, VmiRef } from './node-route.ts';
import { NodeStatusError } from './node-status-error.ts';

/** What the node endpoint needs of a {@link LauncherSession}. */
export type LauncherLink = Pick<LauncherSession, 'domain' | 'request'>;

/** A VMI that runs on this node, with its launcher pod and the handler's link to it. */
export interface VmiTarget {
  readonly vmi: VirtualMachineInstance;
  /** The launcher pod's UID on this node (`status.activePods`, the VMI running here). */
  readonly podUid: string;
  /** The handler's connection to the launcher, once the reconciler has made one. */
  readonly session: LauncherLink | undefined;
}

/** KubeVirt's 409 wording: `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "x": why`. */
export function vmiConflict(name: string, why: string): NodeStatusError {
  return new NodeStatusError(
    409,
    `Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "${name}": ${why}`,
  );
}

/** The device a stream needs, and KubeVirt's message when the VMI has none. */
function missingDevice(vmi: VirtualMachineInstance, route: NodeRoute): string | undefined {
  if (route.kind !== 'stream' && route.kind !== 'screenshot') return undefined;
  const devices = vmi.spec.domain.devices;
  if (route.kind === 'stream' && route.stream === 'console') {
    return devices.autoattachSerialConsole === false
      ? 'No serial consoles are present.'
      : undefined;
  }
  return devices.autoattachGraphicsDevice === false
    ? 'No graphics devices are present.'
    : undefined;
}

/**
 * The UID of the VMI's launcher pod on `nodeName` when the VMI runs there (`status.nodeName`):
 * during a live migration the VMI has a pod on the source and one on the target, and only the
 * node that runs it serves it — the source until the target took it over, the target after.
 */
export function launcherPodUidOn(
  vmi: VirtualMachineInstance,
  nodeName: string,
): string | undefined {
  const runsOn = vmi.status?.nodeName;
  if (runsOn !== undefined && runsOn !== nodeName) return undefined;
  return activePodOn(vmi, nodeName);
}

/**
 * Finds the VMI a route names among the VMIs on this node and checks it can be served:
 * 404 when it is not on `nodeName`, 409 when it is not Running, 400 when a stream's device is
 * switched off (KubeVirt's messages).
 */
export function resolveVmiTarget(input: {
  readonly route: NodeRoute;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly nodeName: string;
  readonly session: LauncherLink | undefined;
}): VmiTarget {
  const { route, vmi, nodeName } = input;
  const podUid = vmi === undefined ? undefined : launcherPodUidOn(vmi, nodeName);
  if (vmi === undefined || podUid === undefined) {
    throw new NodeStatusError(404, `${describeVmi(route)} does not run on node ${nodeName}`);
  }
  if (vmi.status?.phase !== 'Running') throw vmiConflict(route.name, 'VMI is not running');
  const missing = missingDevice(vmi, route);
  if (missing !== undefined) throw new NodeStatusError(400, missing);
  return { vmi, podUid, session: input.session };
}

/** `VirtualMachineInstance ns/name`, for messages. */
export function describeVmi(ref: VmiRef): string {
  return `VirtualMachineInstance ${ref.namespace}/${ref.name}`;
}

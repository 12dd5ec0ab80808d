import type { GuestInfo, MethodName } from '../../protocol/v1/index.ts';
import { RemoteError } from '../../protocol/v1/index.ts';
import type { VmiAction, VmiRef } from './node-route.ts';
import { NodeStatusError } from './node-status-error.ts';
import { describeVmi, vmiConflict, type LauncherLink, type VmiTarget } from './vmi-target.ts';

/** The launcher method behind each VMI action. */
const methodOf = {
  pause: 'Pause',
  unpause: 'Unpause',
  softreboot: 'SoftReboot',
  reset: 'Reset',
} as const satisfies Record<VmiAction, MethodName>;

/** KubeVirt's `VirtualMachineInstanceGuestAgentInfo`, as `guestosinfo` answers. */
export interface GuestAgentInfo {
  readonly guestAgentVersion?: string;
  readonly hostname?: string;
  readonly os?: GuestInfo['os'];
  readonly timezone?: string;
}

/** Why `action` cannot be done on a domain in `state` (KubeVirt's messages), if it cannot. */
export function actionConflict(action: VmiAction, state: string | undefined): string | undefined {
  const paused = state === 'Paused';
  if (action === 'pause' && paused) return 'VMI is already paused';
  if (action === 'unpause' && !paused) return 'VMI is not paused';
  if (action === 'softreboot' && paused) return 'VMI is paused';
  return undefined;
}

function linkOf(ref: VmiRef, target: VmiTarget): LauncherLink {
  if (target.session === undefined) {
    throw new NodeStatusError(
      503,
      `virt-handler is not connected to the launcher of ${describeVmi(ref)} yet; try again`,
    );
  }
  return target.session;
}

/** A launcher failure as a Status: 500 when it refused, 503 when it could not be reached. */
function launcherFailure(ref: VmiRef, method: string, error: unknown): NodeStatusError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RemoteError) {
    return new NodeStatusError(
      500,
      `the launcher of ${describeVmi(ref)} failed ${method}: ${message}`,
    );
  }
  return new NodeStatusError(
    503,
    `the launcher of ${describeVmi(ref)} did not answer ${method}: ${message}`,
  );
}

async function call<T>(ref: VmiRef, method: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw launcherFailure(ref, method, error);
  }
}

/**
 * Does a VMI action through the launcher connection the handler keeps: checks the domain's
 * state first (409 with KubeVirt's message), then asks the launcher (500/503 on failure).
 */
export async function runVmiAction(
  ref: VmiRef,
  target: VmiTarget,
  action: VmiAction,
): Promise<void> {
  const link = linkOf(ref, target);
  const conflict = actionConflict(action, link.domain?.state ?? undefined);
  if (conflict !== undefined) throw vmiConflict(ref.name, conflict);
  const method = methodOf[action];
  await call(ref, method, () => link.request(method, {}));
}

/** The guest agent's report in KubeVirt's shape; 409 when no agent answers. */
export async function guestOsInfo(ref: VmiRef, target: VmiTarget): Promise<GuestAgentInfo> {
  const link = linkOf(ref, target);
  const info = await call(ref, 'GuestInfo', () =>
    link.request('GuestInfo', {}, { timeoutMs: 10_000 }),
  );
  if (info === null) throw vmiConflict(ref.name, 'VMI does not have guest agent connected');
  return {
    ...(info.guestAgentVersion === undefined ? {} : { guestAgentVersion: info.guestAgentVersion }),
    ...(info.hostname === undefined ? {} : { hostname: info.hostname }),
    ...(info.os === undefined ? {} : { os: info.os }),
    ...(info.timezone === undefined ? {} : { timezone: info.timezone }),
  };
}

/** The guest's display as PNG bytes. */
export async function screenshot(ref: VmiRef, target: VmiTarget): Promise<Buffer> {
  const link = linkOf(ref, target);
  const result = await call(ref, 'Screenshot', () =>
    link.request('Screenshot', {}, { timeoutMs: 30_000 }),
  );
  return Buffer.from(result.png, 'base64');
}

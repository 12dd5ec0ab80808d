import type { VirtualMachineInstance } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { ProtocolError, RemoteError, type DomainStatus } from '../../protocol/v1/index.ts';
import type { NodeRoute } from './node-route.ts';
import { NodeStatusError } from './node-status-error.ts';
import { actionConflict, guestOsInfo, runVmiAction, screenshot } from './vmi-requests.ts';
import { resolveVmiTarget, type LauncherLink, type VmiTarget } from './vmi-target.ts';

const ref = { namespace: 'default', name: 'vm1' };

function vmiWith(
  phase: string,
  devices: VirtualMachineInstance['spec']['domain']['devices'] = {},
  node = 'node1',
): VirtualMachineInstance {
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: { name: 'vm1', namespace: 'default', uid: 'vmi-uid' },
    spec: { domain: { devices } },
    status: { phase, nodeName: node, activePods: { 'pod-uid': node } },
  } as VirtualMachineInstance;
}

/** The code and message of the NodeStatusError `run` throws. */
async function failure(run: () => unknown): Promise<{ code: number; message: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof NodeStatusError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('it did not fail');
}

describe('resolveVmiTarget', () => {
  const console: NodeRoute = { ...ref, kind: 'stream', stream: 'console' };
  const vnc: NodeRoute = { ...ref, kind: 'stream', stream: 'vnc' };
  const pause: NodeRoute = { ...ref, kind: 'action', action: 'pause' };

  it('finds a Running VMI with its launcher pod on this node', () => {
    const vmi = vmiWith('Running');
    expect(
      resolveVmiTarget({ route: console, vmi, nodeName: 'node1', session: undefined }),
    ).toEqual({
      vmi,
      podUid: 'pod-uid',
      session: undefined,
    });
  });

  it.each([
    {
      what: 'an unknown VMI',
      route: pause,
      vmi: undefined,
      code: 404,
      message: 'VirtualMachineInstance default/vm1 does not run on node node1',
    },
    {
      what: 'a VMI on another node',
      route: pause,
      vmi: vmiWith('Running', {}, 'node2'),
      code: 404,
      message: 'does not run on node node1',
    },
    {
      what: 'a Scheduled VMI',
      route: pause,
      vmi: vmiWith('Scheduled'),
      code: 409,
      message:
        'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "vm1": VMI is not running',
    },
    {
      what: 'a Succeeded VMI',
      route: console,
      vmi: vmiWith('Succeeded'),
      code: 409,
      message: 'VMI is not running',
    },
    {
      what: 'a console without a serial port',
      route: console,
      vmi: vmiWith('Running', { autoattachSerialConsole: false }),
      code: 400,
      message: 'No serial consoles are present.',
    },
    {
      what: 'VNC without graphics',
      route: vnc,
      vmi: vmiWith('Running', { autoattachGraphicsDevice: false }),
      code: 400,
      message: 'No graphics devices are present.',
    },
    {
      what: 'a screenshot without graphics',
      route: { ...ref, kind: 'screenshot' } as NodeRoute,
      vmi: vmiWith('Running', { autoattachGraphicsDevice: false }),
      code: 400,
      message: 'No graphics devices are present.',
    },
  ])('refuses $what with $code', async ({ route, vmi, code, message }) => {
    const got = await failure(() =>
      resolveVmiTarget({ route, vmi, nodeName: 'node1', session: undefined }),
    );
    expect(got.code).toBe(code);
    expect(got.message).toContain(message);
  });
});

describe('actionConflict', () => {
  it.each([
    { action: 'pause', state: 'Running', conflict: undefined },
    { action: 'pause', state: 'Paused', conflict: 'VMI is already paused' },
    { action: 'unpause', state: 'Paused', conflict: undefined },
    { action: 'unpause', state: 'Running', conflict: 'VMI is not paused' },
    { action: 'softreboot', state: 'Paused', conflict: 'VMI is paused' },
    { action: 'softreboot', state: 'Running', conflict: undefined },
    { action: 'reset', state: 'Paused', conflict: undefined },
  ] as const)('$action on a $state domain: $conflict', ({ action, state, conflict }) => {
    expect(actionConflict(action, state)).toBe(conflict);
  });
});

/** A launcher link that records requests and answers from `answers`. */
function fakeLink(state: DomainStatus['state'], answers: Record<string, unknown> = {}) {
  const calls: string[] = [];
  const link: LauncherLink = {
    domain: { name: 'default_vm1', state, reason: '', accel: 'tcg' },
    request: (method: string) => {
      calls.push(method);
      const answer = answers[method];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? null);
    },
  };
  return { link, calls };
}

const targetWith = (session: LauncherLink | undefined): VmiTarget => ({
  vmi: vmiWith('Running'),
  podUid: 'pod-uid',
  session,
});

describe('runVmiAction', () => {
  it.each([
    { action: 'pause', state: 'Running', method: 'Pause' },
    { action: 'unpause', state: 'Paused', method: 'Unpause' },
    { action: 'softreboot', state: 'Running', method: 'SoftReboot' },
    { action: 'reset', state: 'Running', method: 'Reset' },
  ] as const)('sends $method to the launcher for $action', async ({ action, state, method }) => {
    const { link, calls } = fakeLink(state);
    await runVmiAction(ref, targetWith(link), action);
    expect(calls).toEqual([method]);
  });

  it.each([
    {
      what: 'no launcher link yet',
      link: undefined,
      code: 503,
      message: 'not connected to the launcher',
    },
    {
      what: 'an already paused domain',
      link: fakeLink('Paused').link,
      code: 409,
      message: 'VMI is already paused',
    },
    {
      what: 'a launcher that refuses',
      link: fakeLink('Running', { Pause: new RemoteError('Pause', 'Failed', 'virsh said no') })
        .link,
      code: 500,
      message: 'failed Pause: Pause failed on the peer (Failed): virsh said no',
    },
    {
      what: 'a launcher that hangs up',
      link: fakeLink('Running', {
        Pause: new ProtocolError('ConnectionClosed', 'the connection closed'),
      }).link,
      code: 503,
      message: 'did not answer Pause',
    },
  ])('answers $code for $what', async ({ link, code, message }) => {
    const got = await failure(() => runVmiAction(ref, targetWith(link), 'pause'));
    expect(got.code).toBe(code);
    expect(got.message).toContain(message);
  });
});

describe('guestOsInfo and screenshot', () => {
  it("answers the guest agent's report in KubeVirt's shape", async () => {
    const report = {
      guestAgentVersion: '5.2',
      hostname: 'guest',
      os: { name: 'Debian GNU/Linux', id: 'debian' },
      interfaces: [{ name: 'eth0' }],
    };
    const { link } = fakeLink('Running', { GuestInfo: report });
    expect(await guestOsInfo(ref, targetWith(link))).toEqual({
      guestAgentVersion: '5.2',
      hostname: 'guest',
      os: { name: 'Debian GNU/Linux', id: 'debian' },
    });
  });

  it('answers 409 when no guest agent is connected', async () => {
    const { link } = fakeLink('Running', { GuestInfo: null });
    const got = await failure(() => guestOsInfo(ref, targetWith(link)));
    expect(got).toEqual({
      code: 409,
      message:
        'Operation cannot be fulfilled on virtualmachineinstance.kubevirt.io "vm1": VMI does not have guest agent connected',
    });
  });

  it('decodes the PNG the launcher sends', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const { link } = fakeLink('Running', { Screenshot: { png: png.toString('base64') } });
    expect(await screenshot(ref, targetWith(link))).toEqual(png);
  });
});

import { describe, expect, it } from 'vitest';
import { type DomainEvent, isCrashEvent, parseDomainEvent } from './domain-event.ts';

const ts = '2026-11-25 21:09:29.576+0000';

describe('parseDomainEvent', () => {
  // Lines as virsh 9.0 printed them on this machine (`virsh event --all --loop --timestamp`).
  it.each<[string, DomainEvent]>([
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Started Booted`,
      { kind: 'lifecycle', domain: 'ns1_vm1', time: ts, event: 'Started', detail: 'Booted' },
    ],
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Suspended Paused`,
      { kind: 'lifecycle', domain: 'ns1_vm1', time: ts, event: 'Suspended', detail: 'Paused' },
    ],
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Resumed Unpaused`,
      { kind: 'lifecycle', domain: 'ns1_vm1', time: ts, event: 'Resumed', detail: 'Unpaused' },
    ],
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Shutdown Finished after guest request`,
      {
        kind: 'lifecycle',
        domain: 'ns1_vm1',
        time: ts,
        event: 'Shutdown',
        detail: 'Finished after guest request',
      },
    ],
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Stopped Failed`,
      { kind: 'lifecycle', domain: 'ns1_vm1', time: ts, event: 'Stopped', detail: 'Failed' },
    ],
    [
      `${ts}: event 'lifecycle' for domain 'ns1_vm1': Suspended I/O Error`,
      { kind: 'lifecycle', domain: 'ns1_vm1', time: ts, event: 'Suspended', detail: 'I/O Error' },
    ],
    [
      `event 'lifecycle' for domain 'ns1_vm1': Stopped Destroyed`,
      { kind: 'lifecycle', domain: 'ns1_vm1', event: 'Stopped', detail: 'Destroyed' },
    ],
    [`${ts}: event 'reboot' for domain 'ns1_vm1'`, { kind: 'reboot', domain: 'ns1_vm1', time: ts }],
    [
      `${ts}: event 'watchdog' for domain 'ns1_vm1': reset`,
      { kind: 'watchdog', domain: 'ns1_vm1', time: ts, action: 'reset' },
    ],
    [
      `${ts}: event 'io-error' for domain 'ns1_vm1': /run/vm/root.qcow2 (ua-rootdisk) pause`,
      {
        kind: 'io-error',
        domain: 'ns1_vm1',
        time: ts,
        path: '/run/vm/root.qcow2',
        alias: 'ua-rootdisk',
        action: 'pause',
      },
    ],
    [
      `${ts}: event 'io-error' for domain 'ns1_vm1': /run/vm/a b.img (ua-data) report due to enospc`,
      {
        kind: 'io-error',
        domain: 'ns1_vm1',
        time: ts,
        path: '/run/vm/a b.img',
        alias: 'ua-data',
        action: 'report',
        reason: 'enospc',
      },
    ],
    [
      `${ts}: event 'agent-lifecycle' for domain 'ns1_vm1': state: 'connected' reason: 'channel event'`,
      { kind: 'agent', domain: 'ns1_vm1', time: ts, state: 'connected' },
    ],
  ])('parses %s', (line, event) => {
    expect(parseDomainEvent(line)).toEqual(event);
  });

  it.each([
    `${ts}: event 'rtc-change' for domain 'ns1_vm1': 0`,
    `${ts}: event 'lifecycle' for domain 'ns1_vm1': Exploded Loudly`,
    `${ts}: event 'io-error' for domain 'ns1_vm1': garbage`,
    'error: Disconnected from qemu:///system due to end of file',
    '',
  ])('ignores %j', (line) => {
    expect(parseDomainEvent(line)).toBeUndefined();
  });
});

describe('isCrashEvent', () => {
  it.each<[string, string, boolean]>([
    ['Stopped', 'Failed', true],
    ['Stopped', 'Crashed', true],
    ['Crashed', 'Panicked', true],
    ['Stopped', 'Shutdown', false],
    ['Stopped', 'Destroyed', false],
    ['Started', 'Booted', false],
  ])('%s %s → %s', (event, detail, crash) => {
    const parsed = parseDomainEvent(`event 'lifecycle' for domain 'd': ${event} ${detail}`);
    expect(parsed && isCrashEvent(parsed)).toBe(crash);
  });

  it('is false for events other than lifecycle ones', () => {
    expect(isCrashEvent({ kind: 'reboot', domain: 'd' })).toBe(false);
  });
});

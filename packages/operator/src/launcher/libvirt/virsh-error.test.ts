import { describe, expect, it } from 'vitest';
import { VirshError, virshErrorCode, virshMessage } from './virsh-error.ts';

describe('virshMessage', () => {
  it('joins the error lines and drops the rest', () => {
    const stderr =
      "error: Failed to start domain 'ns1_vm1'\nerror: Requested operation is not valid: domain is already active\n\n";
    expect(virshMessage(stderr)).toBe(
      "Failed to start domain 'ns1_vm1': Requested operation is not valid: domain is already active",
    );
  });

  it('keeps other text when virsh printed no error line', () => {
    expect(virshMessage('something odd\n')).toBe('something odd');
  });
});

describe('virshErrorCode', () => {
  // Messages as virsh 9.0 printed them on this machine.
  it.each([
    ["failed to get domain 'nope'", 'domain-not-found'],
    ['Requested operation is not valid: domain is not running', 'not-running'],
    ['Domain is already active', 'already-running'],
    ['Guest agent is not responding: QEMU guest agent is not connected', 'agent-unavailable'],
    [
      "failed to connect to the hypervisor: Failed to connect socket to '/x/libvirt-sock': No such file or directory",
      'connection-failed',
    ],
    ['internal error: something else', 'failed'],
  ])('%j → %s', (message, code) => {
    expect(virshErrorCode(message)).toBe(code);
  });
});

describe('VirshError', () => {
  it('names the command and keeps virsh’s message', () => {
    const error = new VirshError({
      command: 'virsh start ns1_vm1',
      message: 'Domain is already active',
      exitCode: 1,
    });
    expect(error.message).toBe('`virsh start ns1_vm1` failed: Domain is already active');
    expect(error.code).toBe('already-running');
    expect(error.virshMessage).toBe('Domain is already active');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Virsh } from './virsh.ts';
import { VirshError } from './virsh-error.ts';
import { watchDomainEvents } from './watch-domain-events.ts';

// libvirt's in-process test driver: a fresh host with one running domain, `test`, per call.
const hasVirsh = (() => {
  try {
    execFileSync('virsh', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-virsh-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});
const virsh = new Virsh({ uri: 'test:///default' });

async function virshError(call: Promise<unknown>): Promise<VirshError> {
  const error = await call.catch((e: unknown) => e);
  if (error instanceof VirshError) return error;
  throw new Error(`expected a VirshError, got ${String(error)}`);
}

describe.skipIf(!hasVirsh)('Virsh on libvirt’s test driver', () => {
  it('reads a domain state', async () => {
    expect(await virsh.domState('test')).toEqual({ state: 'running', reason: 'unknown' });
  });

  it('defines a domain from XML', async () => {
    const xml =
      "<domain type='test'><name>podvisor-t</name><memory>8192</memory><os><type>hvm</type></os></domain>";
    await expect(virsh.define(xml)).resolves.toBeUndefined();
  });

  it('writes a PNG screenshot', async () => {
    await expect(virsh.screenshot('test', join(scratch, 'shot.png'))).resolves.toBeUndefined();
  });

  it.each<[string, () => Promise<unknown>, string, RegExp]>([
    [
      'an unknown domain',
      () => virsh.start('nope'),
      'domain-not-found',
      /failed to get domain 'nope'/,
    ],
    ['a second start', () => virsh.start('test'), 'already-running', /already active/],
    [
      'a malformed define',
      () => virsh.define('<domain'),
      'failed',
      /Couldn't find end of Start Tag/,
    ],
    [
      'a guest-agent command the driver lacks',
      () => virsh.guestAgent('test', { execute: 'guest-info' }),
      'failed',
      /not supported/,
    ],
  ])('fails %s with virsh’s message and a code', async (_name, call, code, message) => {
    const error = await virshError(call());
    expect(error.code).toBe(code);
    expect(error.virshMessage).toMatch(message);
    expect(error.message).toMatch(/^`virsh /);
  });

  it('reports a daemon it cannot reach as connection-failed', async () => {
    const unreachable = new Virsh({ uri: `qemu:///system?socket=${join(scratch, 'none.sock')}` });
    expect((await virshError(unreachable.domState('x'))).code).toBe('connection-failed');
  });
});

describe.skipIf(!hasVirsh)('watchDomainEvents', () => {
  it('becomes ready once virsh has registered for events', async () => {
    const watch = watchDomainEvents({ uri: 'test:///default', onEvent: () => undefined });
    await expect(watch.ready).resolves.toBeUndefined();
    await watch.stop();
    expect((await watch.closed).exitCode).not.toBe(0);
  });

  it('rejects ready with virsh’s message when it cannot connect', async () => {
    const watch = watchDomainEvents({
      uri: `qemu:///system?socket=${join(scratch, 'none.sock')}`,
      onEvent: () => undefined,
    });
    const error = await virshError(watch.ready);
    expect(error.code).toBe('connection-failed');
    await watch.stop();
  });
});

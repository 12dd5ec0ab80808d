import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { captureIo } from '../testing/capture-io.ts';
import { linkIdentity } from './link.ts';

/** A data dir that looks like one a console serves (`console-url` written). */
function servedDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-link-'));
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'console-url'), 'http://127.0.0.1:9999\n');
  return dataDir;
}

/** The ticket's parts from the printed `Sign in:` line. */
function ticketParts(out: string): string[] {
  const link = /^Sign in: (\S+)$/m.exec(out)?.[1] ?? '';
  const ticket = new URL(link).searchParams.get('ticket') ?? '';
  return ticket.split('.');
}

describe('linkIdentity', () => {
  it.each([
    ['', '', undefined],
    ['', 'dev', undefined],
    ['alice', '', { user: 'alice', groups: [] }],
    ['alice', 'dev, qa,,', { user: 'alice', groups: ['dev', 'qa'] }],
  ])('--user %j --groups %j gives %j', (user, groups, identity) => {
    expect(linkIdentity(user, groups)).toEqual(identity);
  });
});

describe('podvisor link', () => {
  it('prints a link for the console’s own user by default', async () => {
    const { io, out } = captureIo();
    expect(await main(['link', '--data-dir', servedDataDir()], io)).toBe(0);
    expect(out()).toMatch(/^Sign in: http:\/\/127\.0\.0\.1:9999\/auth\/local\?ticket=\S+\n$/);
    expect(ticketParts(out())).toHaveLength(3);
  });

  it('with --user and --groups, prints a link whose ticket carries that identity', async () => {
    const { io, out } = captureIo();
    const args = ['link', '--data-dir', servedDataDir(), '--user', 'alice', '--groups', 'dev,qa'];
    expect(await main(args, io)).toBe(0);
    expect(out()).toContain('(signs in as alice)');
    const identity = ticketParts(out())[2] ?? '';
    expect(JSON.parse(Buffer.from(identity, 'base64url').toString())).toEqual({
      user: 'alice',
      groups: ['dev', 'qa'],
    });
  });

  it.each([
    [['--groups', 'dev'], '--groups needs --user'],
    [['--user', 'al ice '], 'podvisor link: user: must be'],
  ])('refuses %j with a message naming the flag', async (extra, message) => {
    const { io, out, err } = captureIo();
    expect(await main(['link', '--data-dir', servedDataDir(), ...extra], io)).toBe(2);
    expect(err()).toContain(message);
    expect(out()).toBe('');
  });

  it('says no console runs when the data dir has no console-url', async () => {
    const { io, err } = captureIo();
    const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-link-'));
    expect(await main(['link', '--data-dir', dataDir], io)).toBe(1);
    expect(err()).toContain('No console runs on');
  });
});

import { createServer, type Server } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { captureIo as capture } from '../testing/capture-io.ts';

let blocker: Server | undefined;

afterEach(() => {
  blocker?.close();
});

describe('podvisor up refuses at once, with one message naming the fix', () => {
  it('when the console port is in use', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-up-'));
    const { io, err } = capture();
    const args = ['up', '--data-dir', dataDir, '--console-port', String(port)];
    expect(await main(args, io)).toBe(1);
    expect(err()).toBe(
      `podvisor up: the console port 127.0.0.1:${String(port)} is in use: choose another --console-port (0 picks a free one)\n`,
    );
  });
});

describe('podvisor logs', () => {
  it('lists the components with logs, and prints one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-logs-'));
    const logs = join(dataDir, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'console.log'), '{"msg":"console serving"}\n');
    const listed = capture();
    expect(await main(['logs', '--data-dir', dataDir], listed.io)).toBe(0);
    expect(listed.out()).toMatch(/^ {2}console {2}\(/m);
    expect(listed.out()).toMatch(/^ {2}virt-handler {2}\(its pods/m);
    const printed = capture();
    expect(await main(['logs', 'console', '--data-dir', dataDir], printed.io)).toBe(0);
    expect(printed.out()).toBe('{"msg":"console serving"}\n');
    const unknown = capture();
    expect(await main(['logs', 'nope', '--data-dir', dataDir], unknown.io)).toBe(1);
    expect(unknown.err()).toContain('No log for "nope"');
  });
});

import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { main } from './main.ts';
import { captureIo } from './testing/capture-io.ts';
import {
  startFakeApiServer,
  statusBody,
  type FakeApiServer,
} from './testing/start-fake-api-server.ts';

const displayPath = (name: string, kind: string) =>
  `/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/${name}/${kind}`;
let server: FakeApiServer;
let home: string;

beforeAll(async () => {
  server = await startFakeApiServer();
  home = mkdtempSync(join(tmpdir(), 'virtctl-home-'));
});

afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

/** A display that greets every session with `banner` and numbers its sessions; records input. */
function fakeDisplay(banner: string, received: string[]): (socket: WebSocket) => void {
  let sessions = 0;
  return (socket) => {
    sessions += 1;
    socket.send(Buffer.from(`${banner} #${sessions}\n`), { binary: true });
    socket.on('message', (data: Buffer) => received.push(data.toString('utf8')));
  };
}

/** Reads from a TCP connection until `count` bytes arrived. */
function readBytes(socket: Socket, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      if (text.length >= count) resolve(text);
    });
    socket.on('error', reject);
  });
}

function startProxy(argv: string[], env: Record<string, string> = {}) {
  const interrupt = new AbortController();
  const io = captureIo({
    env: { KUBECONFIG: server.kubeconfigPath, HOME: home, PATH: '', ...env },
    signal: interrupt.signal,
  });
  const done = main(argv, io);
  return {
    io,
    done,
    stop: () => {
      interrupt.abort();
    },
  };
}

async function portOf(io: { stdoutText(): string }): Promise<number> {
  await expect.poll(() => io.stdoutText()).toMatch(/\n$/);
  return (JSON.parse(io.stdoutText()) as { port: number }).port;
}

describe('kubectl virt vnc and spice', () => {
  it.each([
    ['vnc', 'RFB 003.008'],
    ['spice', 'REDQ'],
  ])(
    '%s --proxy-only prints the port as JSON and gives each connection its own session',
    async (kind, banner) => {
      const received: string[] = [];
      server.stream(displayPath(`vm-${kind}`, kind), fakeDisplay(banner, received));
      const proxy = startProxy([kind, `vm-${kind}`, '--proxy-only']);
      const port = await portOf(proxy.io);
      expect(proxy.io.stdoutText()).toBe(`{"port":${port}}\n`);

      const first = connect(port, '127.0.0.1');
      expect(await readBytes(first, banner.length + 4)).toBe(`${banner} #1\n`);
      first.write('hello from viewer 1');
      const second = connect(port, '127.0.0.1');
      expect(await readBytes(second, banner.length + 4)).toBe(`${banner} #2\n`);
      await expect.poll(() => received).toEqual(['hello from viewer 1']);
      expect(server.offeredProtocols.at(-1)).toEqual(['plain.kubevirt.io']);

      first.destroy();
      second.destroy();
      proxy.stop();
      expect(await proxy.done).toBe(0);
    },
  );

  it('listens on the port asked for', async () => {
    server.stream(displayPath('fixed', 'vnc'), fakeDisplay('RFB 003.008', []));
    const probe = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const wanted = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const proxy = startProxy(['vnc', 'fixed', '--proxy-only', '--port', String(wanted)]);
    expect(await portOf(proxy.io)).toBe(wanted);
    proxy.stop();
    expect(await proxy.done).toBe(0);
  });

  it('runs remote-viewer on the proxy when it is installed, and ends when it exits', async () => {
    server.stream(displayPath('viewed', 'vnc'), fakeDisplay('RFB 003.008', []));
    const bin = mkdtempSync(join(home, 'bin-'));
    const argsFile = join(bin, 'args');
    const viewer = join(bin, 'remote-viewer');
    writeFileSync(viewer, `#!/bin/sh\necho "$@" > '${argsFile}'\n`);
    chmodSync(viewer, 0o755);
    const proxy = startProxy(['vnc', 'viewed'], { PATH: bin });
    expect(await proxy.done).toBe(0);
    expect(readFileSync(argsFile, 'utf8')).toMatch(/^vnc:\/\/127\.0\.0\.1:\d+\n$/);
  });

  it('says how to connect when no viewer is installed, and keeps the proxy up', async () => {
    server.stream(displayPath('headless', 'spice'), fakeDisplay('REDQ', []));
    const proxy = startProxy(['spice', 'headless']);
    await expect.poll(() => proxy.io.stderrText()).toContain('No viewer found');
    const port = /127\.0\.0\.1:(\d+)/.exec(proxy.io.stderrText())?.[1];
    expect(proxy.io.stderrText()).toContain(`connect a viewer to spice://127.0.0.1:${port ?? ''}`);
    const client = connect(Number(port), '127.0.0.1');
    expect(await readBytes(client, 8)).toBe('REDQ #1\n');
    client.destroy();
    proxy.stop();
    expect(await proxy.done).toBe(0);
  });

  it('fails before listening when the display cannot be opened', async () => {
    const message = 'VMI off is not running';
    server.stream(displayPath('off', 'vnc'), {
      refuse: { status: 409, body: statusBody(409, 'Conflict', message) },
    });
    const proxy = startProxy(['vnc', 'off', '--proxy-only']);
    expect(await proxy.done).toBe(1);
    expect(proxy.io.stderrText()).toBe(`Can't access VMI off: ${message}\n`);
    expect(proxy.io.stdoutText()).toBe('');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { main } from './main.ts';
import { captureIo } from './testing/capture-io.ts';
import {
  startFakeApiServer,
  statusBody,
  type FakeApiServer,
} from './testing/start-fake-api-server.ts';
import type { InputStream, VirtctlIo } from './virtctl-io.ts';

const consolePath = (name: string) =>
  `/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/${name}/console`;
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

/** A serial console that greets, then answers every line with `guest: <line>`; records input. */
function fakeGuest(received: Buffer[]): (socket: WebSocket) => void {
  return (socket) => {
    socket.send(Buffer.from('login: '), { binary: true });
    socket.on('message', (data: Buffer) => {
      received.push(data);
      setTimeout(() => {
        socket.send(Buffer.from(`guest: ${data.toString('utf8')}`), { binary: true });
      }, 20);
    });
  };
}

async function runConsole(argv: string[], extra: Partial<VirtctlIo> = {}) {
  const io = captureIo({ env: { KUBECONFIG: server.kubeconfigPath, HOME: home }, ...extra });
  const code = await main(['console', ...argv], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('kubectl virt console', () => {
  it('sends piped input and prints the output until it has been quiet, then exits 0', async () => {
    const received: Buffer[] = [];
    server.stream(consolePath('piped'), fakeGuest(received));
    const stdin = Readable.from([Buffer.from('echo $((6*7))\n')]) as InputStream;
    const result = await runConsole(['piped', '--quiet-period', '300ms'], { stdin });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('login: guest: echo $((6*7))\n');
    expect(Buffer.concat(received).toString()).toBe('echo $((6*7))\n');
    expect(result.stderr).toContain(
      'Successfully connected to piped console. The escape sequence is ^]',
    );
    expect(server.offeredProtocols.at(-1)).toEqual(['plain.kubevirt.io']);
  });

  it('leaves at Ctrl+] on a terminal, sending what came before it, in raw mode meanwhile', async () => {
    const received: Buffer[] = [];
    server.stream(consolePath('tty'), fakeGuest(received));
    const rawModes: boolean[] = [];
    const stdin = Object.assign(new PassThrough(), {
      isTTY: true,
      setRawMode: (mode: boolean) => rawModes.push(mode),
    });
    const running = runConsole(['tty'], { stdin });
    await new Promise((resolve) => setTimeout(resolve, 200));
    stdin.write(Buffer.from('ls\r\x1dnot sent'));
    const result = await running;
    expect(result.code).toBe(0);
    // The bytes before Ctrl+] were sent before the close; the server reads them as it gets to.
    await expect.poll(() => Buffer.concat(received).toString()).toBe('ls\r');
    expect(rawModes).toEqual([true, false]);
  });

  it('shows the reason when the server closes the console (exit 1)', async () => {
    server.stream(consolePath('closing'), (socket) => {
      socket.close(4409, 'the VMI was stopped');
    });
    const result = await runConsole(['closing'], { stdin: new PassThrough() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('You were disconnected from the console: the VMI was stopped');
  });

  it('fails at once with the Status message when the upgrade is forbidden', async () => {
    const message =
      'virtualmachineinstances.subresources.kubevirt.io "denied" is forbidden: User "bob" cannot get resource "virtualmachineinstances/console"';
    server.stream(consolePath('denied'), {
      refuse: { status: 403, body: statusBody(403, 'Forbidden', message) },
    });
    const result = await runConsole(['denied']);
    expect(result).toMatchObject({ code: 1, stderr: `Can't connect to websocket: ${message}\n` });
  });

  it('waits while the VMI is not running yet, then connects', async () => {
    const path = consolePath('booting');
    const notRunning = 'VMI booting is not running';
    server.stream(path, { refuse: { status: 409, body: statusBody(409, 'Conflict', notRunning) } });
    setTimeout(() => {
      server.stream(path, fakeGuest([]));
    }, 300);
    const result = await runConsole(['booting', '--quiet-period', '200ms']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`Waiting for booting: ${notRunning}`);
    expect(result.stdout).toBe('login: ');
  });

  it('gives up with a timeout error when the VMI does not become ready in time', async () => {
    server.stream(consolePath('never'), {
      refuse: { status: 409, body: statusBody(409, 'Conflict', 'VMI never is not running') },
    });
    const result = await runConsole(['never', '--timeout', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Timeout trying to connect to the virtual machine instance');
  });

  it('stops waiting when interrupted', async () => {
    server.stream(consolePath('stuck'), {
      refuse: { status: 409, body: statusBody(409, 'Conflict', 'not running') },
    });
    const interrupt = new AbortController();
    setTimeout(() => {
      interrupt.abort();
    }, 200);
    const result = await runConsole(['stuck'], { signal: interrupt.signal });
    expect(result.code).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '@podvisor/cluster/testing';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'podvisor.js');
let cluster: TestCluster;
let dataDir: string;

beforeAll(async () => {
  cluster = await startTestCluster();
  dataDir = mkdtempSync(join(tmpdir(), 'podvisor-console-'));
});

afterAll(async () => {
  await cluster.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function consoleProcess(args: readonly string[]) {
  const child = spawn(
    process.execPath,
    [bin, 'console', '--kubeconfig', cluster.kubeconfigPath, '--data-dir', dataDir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const announced = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (out.includes('Press Ctrl-C to stop.')) resolve(out);
    });
    void exited.then((code) => {
      reject(new Error(`exited with ${String(code)}: ${out}`));
    });
  });
  // Tests of a refusal never await the announcement.
  announced.catch(() => undefined);
  return { child, announced, exited, output: () => out };
}

describe('podvisor console', () => {
  it('prints a one-time sign-in link that signs a browser in as the kubeconfig user, once', async () => {
    const served = consoleProcess(['--auth', 'local']);
    const out = await served.announced;
    const url = /^Podvisor console: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
    const link = /^Sign in \(one-time link\): (\S+)$/m.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(link).toMatch(/\/auth\/local\?ticket=/);
    const first = await fetch(link as string, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = await fetch(`${url as string}/api/auth/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { username: string }).username).not.toBe('');
    expect((await fetch(link as string, { redirect: 'manual' })).status).toBe(401);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });

  it('refuses --auth oidc without an issuer, naming the flag', async () => {
    const served = consoleProcess(['--auth', 'oidc']);
    expect(await served.exited).not.toBe(0);
    expect(served.output()).toContain('--oidc-issuer');
  });

  it('says which port is taken when it is', async () => {
    const first = consoleProcess(['--auth', 'token']);
    const port = /127\.0\.0\.1:(\d+)/.exec(await first.announced)?.[1] ?? '';
    const second = consoleProcess(['--auth', 'token', '--port', port]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`the console port 127.0.0.1:${port} is in use`);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });
});

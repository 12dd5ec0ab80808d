import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, programNameFor } from './main.ts';
import { captureIo } from './testing/capture-io.ts';
import {
  startFakeApiServer,
  statusBody,
  type FakeApiServer,
} from './testing/start-fake-api-server.ts';

const base = '/apis/subresources.kubevirt.io/v1/namespaces';
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

async function run(argv: string[]) {
  const io = captureIo({ env: { KUBECONFIG: server.kubeconfigPath, HOME: home } });
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText(), io };
}

function lastRequest() {
  const request = server.requests.at(-1);
  if (request === undefined) throw new Error('no request');
  return request;
}

describe('kubectl virt actions', () => {
  it.each([
    [['start', 'vm1'], 'team-a/virtualmachines/vm1/start', {}, 'VM vm1 was scheduled to start\n'],
    [
      ['start', 'vm1', '--paused', '--dry-run'],
      'team-a/virtualmachines/vm1/start',
      { paused: true, dryRun: ['All'] },
      'Dry Run execution\nVM vm1 was scheduled to start\n',
    ],
    [['stop', 'vm1'], 'team-a/virtualmachines/vm1/stop', {}, 'VM vm1 was scheduled to stop\n'],
    [
      ['stop', 'vm1', '--force', '--grace-period', '0'],
      'team-a/virtualmachines/vm1/stop',
      { gracePeriod: 0 },
      'VM vm1 was scheduled to stop\n',
    ],
    [
      ['restart', 'vm1', '--force=true', '--grace-period=0'],
      'team-a/virtualmachines/vm1/restart',
      { gracePeriodSeconds: 0 },
      'VM vm1 was scheduled to restart\n',
    ],
    [
      ['migrate', 'vm1', '--addedNodeSelector', 'zone=a,disk=ssd'],
      'team-a/virtualmachines/vm1/migrate',
      { addedNodeSelector: { zone: 'a', disk: 'ssd' } },
      'VM vm1 was scheduled to migrate\n',
    ],
    [
      ['pause', 'vm', 'vm1', '-n', 'team-b'],
      'team-b/virtualmachineinstances/vm1/pause',
      {},
      'VMI vm1 was scheduled to pause\n',
    ],
    [
      ['unpause', 'VMI', 'vm1', '--namespace=team-c'],
      'team-c/virtualmachineinstances/vm1/unpause',
      {},
      'VMI vm1 was scheduled to unpause\n',
    ],
    [
      ['soft-reboot', 'vm1'],
      'team-a/virtualmachineinstances/vm1/softreboot',
      undefined,
      'VMI vm1 was scheduled to soft-reboot\n',
    ],
    [
      ['reset', 'vm1', '--context', 'other'],
      'default/virtualmachineinstances/vm1/reset',
      undefined,
      'VMI vm1 was scheduled to reset\n',
    ],
  ])('%j sends PUT %s with its options', async (argv, path, body, stdout) => {
    server.answer('PUT', `${base}/${path}`, { status: 202 });
    const result = await run(argv);
    expect(result).toMatchObject({ code: 0, stdout, stderr: '' });
    const request = lastRequest();
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`${base}/${path}`);
    expect(request.body === '' ? undefined : JSON.parse(request.body)).toEqual(body);
  });

  it.each([
    [
      ['start', 'vm2'],
      'virtualmachines/vm2/start',
      'Error starting VirtualMachine Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm2": VM is already running\n',
    ],
    [
      ['stop', 'vm2', '--force', '--grace-period=0'],
      'virtualmachines/vm2/stop',
      'error force stopping VirtualMachine: Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm2": VM is already running\n',
    ],
    [
      ['pause', 'vmi', 'vm2'],
      'virtualmachineinstances/vm2/pause',
      'Error pausing VirtualMachineInstance vm2: Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm2": VM is already running\n',
    ],
  ])('%j prints the Status message as virtctl does and exits 1', async (argv, path, stderr) => {
    const message =
      'Operation cannot be fulfilled on virtualmachine.kubevirt.io "vm2": VM is already running';
    server.answer('PUT', `${base}/team-a/${path}`, {
      status: 409,
      body: statusBody(409, 'Conflict', message),
    });
    expect(await run(argv)).toMatchObject({ code: 1, stdout: '', stderr });
  });

  it('words an answer without a Status the way client-go does', async () => {
    const result = await run(['start', 'missing']);
    expect(result).toMatchObject({
      code: 1,
      stderr: 'Error starting VirtualMachine the server could not find the requested resource\n',
    });
  });

  it.each([
    [['start', 'vm1', '--bogus'], 'error: unknown flag: --bogus'],
    [['start'], 'error: accepts 1 argument (VM), received 0'],
    [
      ['stop', 'vm1', '--grace-period', '0'],
      'error: Must both use --force=true and set --grace-period.',
    ],
    [
      ['stop', 'vm1', '--force', '--grace-period', 'soon'],
      'error: invalid argument "soon" for "--grace-period" flag',
    ],
    [['pause', 'pod', 'vm1'], 'error: unsupported resource type "pod"'],
    [['migrate', 'vm1', '--addedNodeSelector', 'zone'], 'for "--addedNodeSelector" flag'],
    [['console', 'vm1', '--timeout'], 'error: flag needs an argument: --timeout'],
    [['vnc', 'screenshot', 'vm1'], 'error: required flag(s) "file" not set'],
    [['create', 'vm', '--run-strategy', 'Sometimes'], 'invalid RunStrategy "Sometimes"'],
  ])('%j is a usage error naming the cause (exit 2)', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/See 'kubectl virt .+ --help' for usage\.\n$/);
  });

  it('refuses an unknown command with the command list (exit 2)', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate" for "kubectl virt"');
    expect(result.stderr).toContain('soft-reboot');
  });

  it('prints a command help as kubectl virt, with the global flags', async () => {
    const result = await run(['stop', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: kubectl virt stop VM [flags]');
    expect(result.stdout).toContain('--grace-period SECONDS');
    expect(result.stdout).toContain('-n, --namespace NAMESPACE');
  });

  it('names a missing kubeconfig file (exit 1)', async () => {
    const result = await run(['start', 'vm1', '--kubeconfig', join(home, 'nope')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(home, 'nope'));
  });

  it('names a missing context (exit 1)', async () => {
    const result = await run(['start', 'vm1', '--context', 'elsewhere']);
    expect(result).toMatchObject({ code: 1, stderr: 'context "elsewhere" does not exist\n' });
  });
});

describe('kubectl virt information commands', () => {
  it('prints guestosinfo as indented JSON', async () => {
    const info = { guestAgentVersion: '9.0', os: { name: 'Fedora Linux', id: 'fedora' } };
    server.answer('GET', `${base}/team-a/virtualmachineinstances/vm1/guestosinfo`, {
      status: 200,
      body: info,
    });
    const result = await run(['guestosinfo', 'vm1']);
    expect(result).toMatchObject({ code: 0, stdout: `${JSON.stringify(info, null, 2)}\n` });
  });

  it('writes a screenshot to a file and to stdout with -f -', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]);
    server.answer('GET', `${base}/team-a/virtualmachineinstances/vm1/vnc/screenshot`, {
      status: 200,
      body: png,
      contentType: 'image/png',
    });
    const file = join(home, 'shot.png');
    expect((await run(['vnc', 'screenshot', 'vm1', '-f', file, '--move-cursor'])).code).toBe(0);
    expect(readFileSync(file)).toEqual(png);
    expect(lastRequest().query).toEqual({ moveCursor: 'true' });
    const toStdout = await run(['vnc', 'screenshot', 'vm1', '-f', '-']);
    expect(toStdout.io.stdoutBytes()).toEqual(png);
  });

  it('prints the client and the server version', async () => {
    server.answer('GET', '/apis/subresources.kubevirt.io/v1/version', {
      status: 200,
      body: { gitVersion: 'v1.6.0', gitCommit: 'abc', platform: 'linux/amd64' },
    });
    const result = await run(['version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Client Version: version\.Info\{GitVersion:"v0\.0\.0", /);
    expect(result.stdout).toContain(
      'Server Version: version.Info{GitVersion:"v1.6.0", GitCommit:"abc", GitTreeState:"", BuildDate:"", GoVersion:"", Compiler:"", Platform:"linux/amd64"}\n',
    );
  });
});

describe('programNameFor', () => {
  it.each([
    ['/usr/local/bin/kubectl-virt', 'kubectl virt'],
    ['/repo/packages/virtctl/bin/kubectl-virt.js', 'kubectl virt'],
    ['/usr/bin/virtctl', 'virtctl'],
    [undefined, 'kubectl virt'],
  ])('names %s as %s', (executable, name) => {
    expect(programNameFor(executable)).toBe(name);
  });
});

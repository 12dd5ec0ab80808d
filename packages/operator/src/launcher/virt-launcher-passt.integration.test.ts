// The guest on the pod network through passt, as in a pod of its own: the real virt-launcher
// process runs in a network namespace made here (eth0 10.213.0.2/24, default route via
// 10.213.0.1), whose veth peer is in a second namespace (10.213.0.1 and 10.213.0.3: the gateway
// and another "pod"). Every address is inside those two namespaces; the root one is untouched.
// A masquerade guest (the default) has KubeVirt's fixed 10.0.2.2 behind the pod IP; a
// passtBinding guest has the pod IP itself.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type VirtualMachineInstance } from '@podvisor/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNoFollow,
  type MigrationStatus,
  ProtocolConnection,
  RemoteError,
} from '../protocol/v1/index.ts';
import { buildGuestImage } from './guest-images/index.ts';
import { tinyTestVmi as tinyVmi } from './testing/tiny-test-vmi.ts';
import { openSocket, waitForText, waitForValue } from './libvirt/test-consoles.ts';

const launcherMain = join(import.meta.dirname, '..', 'cmd', 'virt-launcher.ts');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-passt-it-'));
chmodSync(scratch, 0o755); // QEMU runs as libvirt-qemu: it must reach the images and VM dirs
const dataDir = join(scratch, 'data');
const capabilitiesCacheDir = join(scratch, 'capabilities');
/** A pod: its network namespace and IP. */
interface Pod {
  readonly netns: string;
  readonly ip: string;
}
const podA: Pod = { netns: `pv-passt-a-${String(process.pid)}`, ip: '10.213.0.2' };
/** The migration target's pod. */
const podB: Pod = { netns: `pv-passt-b-${String(process.pid)}`, ip: '10.213.0.4' };
const peerNetns = `pv-passt-peer-${String(process.pid)}`;
const podIp = podA.ip;
const peerIp = '10.213.0.3';
/** The pods' resolver, as the cluster's DNS would be (in the peer's namespace; see `serveDns`). */
const dnsIp = '10.213.0.53';
/** What {@link serveDns} answers for every A query. */
const dnsAnswer = '10.213.0.3';
const children: ChildProcess[] = [];
/** The launchers started: each test's is gone before the next (they share the pod's ports). */
const launched: Running[] = [];
const run = promisify(execFile);

interface Running {
  readonly child: ChildProcess;
  readonly stateDir: string;
  readonly handler: ProtocolConnection;
  readonly exiting: string[];
  readonly migrations: MigrationStatus[];
  readonly log: () => string;
  readonly exitCode: Promise<number | null>;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'inherit'] });
};

/** A pod's namespace: eth0 with its IP and the default route, its veth peer on the bridge. */
function createPod(pod: Pod, peerName: string): void {
  ip('netns', 'add', pod.netns);
  ip(
    '-n',
    pod.netns,
    'link',
    'add',
    'eth0',
    'type',
    'veth',
    'peer',
    'name',
    peerName,
    'netns',
    peerNetns,
  );
  ip('-n', pod.netns, 'addr', 'add', `${pod.ip}/24`, 'dev', 'eth0');
  ip('-n', pod.netns, 'link', 'set', 'lo', 'up');
  ip('-n', pod.netns, 'link', 'set', 'eth0', 'up');
  ip('-n', pod.netns, 'route', 'add', 'default', 'via', '10.213.0.1');
  ip('-n', peerNetns, 'link', 'set', peerName, 'master', 'br0', 'up');
  // `ip netns exec` bind-mounts it over /etc/resolv.conf: the launcher's (and passt's) resolver.
  mkdirSync(join('/etc/netns', pod.netns), { recursive: true });
  writeFileSync(join('/etc/netns', pod.netns, 'resolv.conf'), `nameserver ${dnsIp}\n`);
}

/** The peer's namespace (a bridge with the gateway and another "pod"), and the two pods. */
function createNamespaces(): void {
  ip('netns', 'add', peerNetns);
  ip('-n', peerNetns, 'link', 'add', 'br0', 'type', 'bridge');
  ip('-n', peerNetns, 'addr', 'add', '10.213.0.1/24', 'dev', 'br0');
  ip('-n', peerNetns, 'addr', 'add', `${peerIp}/24`, 'dev', 'br0');
  ip('-n', peerNetns, 'addr', 'add', `${dnsIp}/24`, 'dev', 'br0');
  ip('-n', peerNetns, 'link', 'set', 'lo', 'up');
  ip('-n', peerNetns, 'link', 'set', 'br0', 'up');
  createPod(podA, 'peer-a');
  createPod(podB, 'peer-b');
}

/** busybox httpd in a namespace, serving `body` at `address:port`. */
/**
 * Waits until the guest of the launcher in `stateDir` has its DHCP lease of `address` and its
 * shell, then opens its serial console.
 */
async function guestConsole(stateDir: string, address: string): ReturnType<typeof openSocket> {
  const read = (): string => readFileSync(join(stateDir, 'vm', 'serial.log'), 'latin1');
  const lease = new RegExp(`podvisor-guest-dhcp eth0 ${address.replace(/\./g, '\\.')}\\b`);
  await waitForText({ what: `a DHCP lease of ${address}`, read, pattern: lease });
  await waitForText({ what: 'the shell', read, pattern: /podvisor-guest-ready/ });
  return openSocket(join(stateDir, 'vm', 'serial.sock'));
}

function serveHttp(netns: string, address: string, body: string): ChildProcess {
  const root = join(scratch, `www-${netns}-${address}`);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), `${body}\n`);
  const child = spawn(
    'ip',
    ['netns', 'exec', netns, 'busybox', 'httpd', '-f', '-p', address, '-h', root],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.push(child);
  return child;
}

// A resolver at dnsIp:53 that answers every A query with dnsAnswer (others: no answer).
const dnsServer = `
const socket = require('node:dgram').createSocket('udp4');
socket.on('message', (query, from) => {
  let end = 12;
  while (end < query.length && query[end] !== 0) end += query[end] + 1;
  end += 5;
  if (end > query.length) return;
  const isA = query.readUInt16BE(end - 4) === 1;
  const header = Buffer.from(query.subarray(0, end));
  header.writeUInt16BE(0x8180, 2);
  header.writeUInt16BE(isA ? 1 : 0, 6);
  header.writeUInt32BE(0, 8);
  const answer = [0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...'${dnsAnswer}'.split('.').map(Number)];
  socket.send(Buffer.concat([header, Buffer.from(isA ? answer : [])]), from.port, from.address);
});
socket.bind(53, '${dnsIp}');
`;

/** The pods' resolver in the peer's namespace (a real query from the guest must reach it). */
function serveDns(): void {
  const child = spawn('ip', ['netns', 'exec', peerNetns, process.execPath, '-e', dnsServer], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
}

/**
 * {@link serveHttp} once the address is free: a passt that was just stopped may still be closing
 * the thousands of sockets it forwarded (under load that takes seconds), and httpd then exits
 * with "Address already in use".
 */
async function serveHttpWhenFree(
  netns: string,
  address: string,
  body: string,
): Promise<ChildProcess> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const child = serveHttp(netns, address, body);
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        resolve(false);
      }, 500);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) return child;
    if (Date.now() > deadline) throw new Error(`${address} in ${netns} stayed taken for 30 s`);
  }
}

/** Starts virt-launcher in the pod's namespace and connects to it as virt-handler does. */
async function launch(vmi: VirtualMachineInstance, pod: Pod = podA): Promise<Running> {
  const stateDir = join(scratch, `${vmi.metadata.name ?? 'vm'}-${pod.ip}`);
  const socketDir = join(stateDir, 'sockets');
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      pod.netns,
      process.execPath,
      launcherMain,
      ...['--state-dir', stateDir, '--socket-dir', socketDir, '--data-dir', dataDir],
      ...['--vmi-uid', vmi.metadata.uid ?? '', '--pod-ip', pod.ip],
      ...['--capabilities-cache-dir', capabilitiesCacheDir, '--log-level', 'info'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect); // the log
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 30_000;
  let socket: Awaited<ReturnType<typeof connectNoFollow>> | undefined;
  while (socket === undefined) {
    socket = await connectNoFollow(socketDir, 'launcher.sock', { trustedRoot: scratch }).catch(
      (error: unknown) => {
        if (Date.now() > deadline || child.exitCode !== null) throw error;
        return new Promise<undefined>((resolve) => {
          setTimeout(() => {
            resolve(undefined);
          }, 100);
        });
      },
    );
  }
  const exiting: string[] = [];
  const migrations: MigrationStatus[] = [];
  const handler = await ProtocolConnection.dial(socket, {
    role: 'handler',
    events: {
      LauncherExiting: ({ reason }) => exiting.push(reason),
      MigrationStatus: (status) => migrations.push(status),
    },
  });
  const running = { child, stateDir, handler, exiting, migrations, log: () => output, exitCode };
  launched.push(running);
  return running;
}

/** The passt processes of a launcher (their command line names its state directory). */
function passtPids(stateDir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        return (
          comm.startsWith('passt') &&
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(stateDir)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Any process a launcher left behind (libvirtd, virtlogd, QEMU, passt, its shell). */
function leftovers(stateDir: string): string {
  try {
    return execFileSync('pgrep', ['-fa', stateDir], { encoding: 'utf8' });
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

const gone = (stateDir: string): Promise<true> =>
  waitForValue('no process left', () => (leftovers(stateDir) === '' ? true : undefined), 10_000);

/** Types `command` on a serial console and waits for `marker` in what came back. */
const typeOn =
  (serial: Awaited<ReturnType<typeof openSocket>>) =>
  (command: string, marker: RegExp): Promise<string> => {
    serial.socket.write(`${command}\n`);
    return waitForText({
      what: command,
      read: () => serial.received().toString('latin1'),
      pattern: marker,
    });
  };

/** One GET of `url` with curl from the peer's namespace (busybox wget -T crashes here). */
async function getFromPeerOnce(url: string, maxSeconds = 5): Promise<string> {
  const { stdout } = await run('ip', [
    'netns',
    'exec',
    peerNetns,
    'curl',
    '--silent',
    '--show-error',
    '--max-time',
    String(maxSeconds),
    url,
  ]);
  return stdout;
}

/** GETs `url` from the peer's namespace until it answers. */
async function getFromPeer(url: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await getFromPeerOnce(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

beforeAll(async () => {
  createNamespaces();
  serveHttp(peerNetns, `${peerIp}:8080`, 'hello-from-the-peer');
  // What a masquerade guest reaches at its gateway: passt maps it to the pod's loopback.
  serveHttp(podA.netns, '127.0.0.1:8090', 'hello-from-the-pod-loopback');
  serveDns();
  await buildGuestImage({
    name: 'tiny',
    dataDir,
    cacheDir: join(tmpdir(), 'podvisor-test-apt-cache'),
  });
}, 300_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const ns of [podA.netns, podB.netns, peerNetns]) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // never created
    }
  }
  for (const pod of [podA, podB])
    rmSync(join('/etc/netns', pod.netns), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  for (const vm of launched.splice(0)) {
    if (vm.child.exitCode === null && vm.child.signalCode === null) vm.child.kill('SIGKILL');
    await vm.exitCode;
    await gone(vm.stateDir);
  }
});

describe('virt-launcher in a pod network namespace', () => {
  it('puts a masquerade guest behind the pod IP with passt: 10.0.2.2, gateway 10.0.2.1 and the pod’s DNS by DHCP, HTTP both ways, no passt after stop', async () => {
    // No declared ports: passt forwards every port it can. The default interface is masquerade.
    const vmi = tinyVmi('web');
    const vm = await launch(vmi);
    expect((await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 })).state).toBe(
      'Running',
    );
    expect(vm.log()).toMatch(
      /"backend":"passt"[^\n]*"pod network"|"pod network"[^\n]*"backend":"passt"/,
    );
    expect(passtPids(vm.stateDir)).toHaveLength(1);

    const serial = await guestConsole(vm.stateDir, '10.0.2.2');
    const typed = typeOn(serial);
    try {
      await typed(
        'ip -4 addr show eth0; ip route; cat /etc/resolv.conf; echo net-$((40+2))',
        /net-42/,
      );
      const seen = serial.received().toString('latin1');
      expect(seen).toMatch(/inet 10\.0\.2\.2\/24 /);
      expect(seen).toMatch(/default via 10\.0\.2\.1 dev eth0/);
      expect(seen).toMatch(/nameserver 10\.213\.0\.53/);

      // The query reaches the pod's resolver (from the pod IP: nothing routes 10.0.2.2).
      await typed('nslookup peer.test; echo dns-$((40+2))', /dns-42/);
      expect(serial.received().toString('latin1')).toMatch(/Address:? *10\.213\.0\.3\b[^]*dns-42/);
      // The gateway is the pod's loopback, as passt maps it.
      await typed('wget -q -O - http://10.0.2.1:8090/; echo gw-$((40+2))', /gw-42/);
      expect(serial.received().toString('latin1')).toMatch(/hello-from-the-pod-loopback[^]*gw-42/);

      await typed(
        'mkdir -p /www && echo hello-from-the-guest > /www/index.html && httpd -p 80 -h /www && echo httpd-$((40+2))',
        /httpd-42/,
      );
      expect(await getFromPeer(`http://${podIp}:80/`)).toContain('hello-from-the-guest');

      // The peer routes only 10.213.0.0/24: its answer proves passt sent from the pod IP.
      await typed(`wget -q -O - http://${peerIp}:8080/; echo wget-$((40+2))`, /wget-42/);
      expect(serial.received().toString('latin1')).toMatch(/hello-from-the-peer[^]*wget-42/);
    } finally {
      serial.socket.destroy();
    }

    await vm.handler.request('Kill', {});
    expect(await vm.exitCode).toBe(1);
    expect(passtPids(vm.stateDir)).toEqual([]);
    await gone(vm.stateDir);
  });

  it('gives a passtBinding guest the pod IP and the pod’s route by DHCP, and answers at the pod IP', async () => {
    const vmi = tinyVmi('passt-binding', (v) => {
      v.spec.domain.devices.interfaces = [
        { name: 'default', passtBinding: {}, ports: [{ port: 8080 }] },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
    });
    const vm = await launch(vmi);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    const serial = await guestConsole(vm.stateDir, '10.213.0.2');
    try {
      await typeOn(serial)(
        'ip route; mkdir -p /www && echo hello-at-the-pod-ip > /www/index.html && httpd -p 8080 -h /www && echo httpd-$((40+2))',
        /httpd-42/,
      );
      expect(serial.received().toString('latin1')).toMatch(/default via 10\.213\.0\.1 dev eth0/);
    } finally {
      serial.socket.destroy();
    }
    expect(await getFromPeer(`http://${podIp}:8080/`)).toContain('hello-at-the-pod-ip');
  });

  it('ends with a clear reason when passt dies under the running guest, leaving nothing', async () => {
    const vmi = tinyVmi('passt-dies');
    const vm = await launch(vmi);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    const [passt] = passtPids(vm.stateDir);
    expect(passt).toBeGreaterThan(0);
    process.kill(passt ?? 0, 'SIGKILL');
    expect(await vm.exitCode).toBe(1);
    expect(vm.exiting).toEqual([
      expect.stringMatching(/the guest's network is gone: passt exited/),
    ]);
    await gone(vm.stateDir);
  });

  it('leaves no passt behind when the launcher is killed with SIGKILL', async () => {
    const vmi = tinyVmi('killed');
    const vm = await launch(vmi);
    await vm.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    expect(passtPids(vm.stateDir)).toHaveLength(1);
    vm.child.kill('SIGKILL');
    expect(await vm.exitCode).toBe(null);
    await gone(vm.stateDir);
    expect(passtPids(vm.stateDir)).toEqual([]);
  });

  it('fails Sync with passt’s complaint when it cannot forward a declared port, leaving nothing', async () => {
    const squatter = await serveHttpWhenFree(podA.netns, `${podIp}:8081`, 'squatter');
    const vmi = tinyVmi('port-taken', (v) => {
      v.spec.domain.devices.interfaces = [
        { name: 'default', masquerade: {}, ports: [{ port: 8081 }] },
      ];
      v.spec.networks = [{ name: 'default', pod: {} }];
    });
    const vm = await launch(vmi);
    // The squatter binds before passt tries: wait until it answers.
    await getFromPeer(`http://${podIp}:8081/`);
    const error = await vm.handler
      .request('Sync', { vmi }, { timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toMatch(
      /passt exited with code 1: [^]*Failed to bind any port for '-t 10\.213\.0\.2\/8081'/,
    );
    squatter.kill('SIGKILL');
    vm.child.kill('SIGTERM');
    expect(await vm.exitCode).toBe(0);
    await gone(vm.stateDir);
  });
  it('keeps a masquerade guest on the pod network after a live migration: the target launcher’s passt is up before QEMU, and the guest answers at the target pod’s IP before it sends anything', async () => {
    const vmi = tinyVmi('moving');
    const source = await launch(vmi, podA);
    await source.handler.request('Sync', { vmi }, { timeoutMs: 60_000 });
    // Its one lease (udhcpc -q): the address every launcher's passt assumes.
    const before = await guestConsole(source.stateDir, '10.0.2.2');
    try {
      await typeOn(before)(
        'mkdir -p /www && echo hello-from-the-moving-guest > /www/index.html && httpd -p 8080 -h /www && echo httpd-$((40+2))',
        /httpd-42/,
      );
    } finally {
      before.socket.destroy();
    }
    expect(await getFromPeer(`http://${podA.ip}:8080/`)).toContain('hello-from-the-moving-guest');

    const target = await launch(vmi, podB);
    const { address } = await target.handler.request(
      'PrepareMigrationTarget',
      { vmi, migrationUid: 'm-passt' },
      { timeoutMs: 60_000 },
    );
    expect(address).toMatch(/^10\.213\.0\.4:\d+$/);
    expect(passtPids(target.stateDir)).toHaveLength(1);
    await source.handler.request(
      'Migrate',
      {
        targetUri: `tcp://${address}`,
        migrationUid: 'm-passt',
        completionTimeoutPerGiBSeconds: 800,
      },
      { timeoutMs: 120_000 },
    );
    expect(await source.exitCode).toBe(0);
    await gone(source.stateDir);
    expect((await target.handler.request('Sync', { vmi }, { timeoutMs: 30_000 })).state).toBe(
      'Running',
    );

    // Inbound first, nothing typed, one GET (only the peer's TCP retransmits): the target's passt
    // already assumes the guest's 10.0.2.2.
    expect(await getFromPeerOnce(`http://${podB.ip}:8080/`, 20)).toContain(
      'hello-from-the-moving-guest',
    );
    const after = await openSocket(join(target.stateDir, 'vm', 'serial.sock'));
    try {
      await typeOn(after)(`wget -q -O - http://${peerIp}:8080/; echo moved-$((40+2))`, /moved-42/);
      expect(after.received().toString('latin1')).toMatch(/hello-from-the-peer[^]*moved-42/);
    } finally {
      after.socket.destroy();
    }

    await target.handler.request('Kill', {});
    expect(await target.exitCode).toBe(1);
    await gone(target.stateDir);
  }, 240_000);
});

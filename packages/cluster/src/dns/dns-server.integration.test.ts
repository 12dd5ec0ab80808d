import { execFile, execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import { createLogger } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage } from './decode-message.ts';
import { createDnsIndex } from './dns-index.ts';
import { rcodes, recordTypes, type DnsMessage } from './dns-message.ts';
import { startDnsServer, type RunningDnsServer } from './start-dns-server.ts';
import { ask, queryBytes } from './test-query.ts';

const logger = createLogger({ component: 'dns-test', level: 'silent' });

function fixture(): ReturnType<typeof createDnsIndex> {
  const index = createDnsIndex();
  index.upsertService({
    namespace: 'demo',
    name: 'db',
    kind: 'cluster-ip',
    clusterIp: '127.96.0.20',
    ports: [{ name: 'mysql', protocol: 'TCP', port: 3306 }],
  });
  index.upsertService({ namespace: 'demo', name: 'many', kind: 'headless', ports: [] });
  index.upsertEndpoints({
    namespace: 'demo',
    name: 'many',
    subsets: [
      { addresses: Array.from({ length: 60 }, (_, i) => ({ ip: `127.2.0.${i + 1}` })), ports: [] },
    ],
  });
  index.upsertPod({ namespace: 'demo', name: 'client', ip: '127.1.0.9' });
  return index;
}

function queryOf(name: string, id: number, type: number = recordTypes.A): Uint8Array {
  return queryBytes([ask(name, type)], { id });
}

async function udpExchange(port: number, packet: Uint8Array): Promise<DnsMessage> {
  const socket = createSocket('udp4');
  try {
    socket.send(packet, port, '127.0.0.1');
    const [message] = (await once(socket, 'message')) as [Buffer];
    return decodeMessage(new Uint8Array(message));
  } finally {
    socket.close();
  }
}

function frame(bytes: Uint8Array): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(bytes.length);
  return Buffer.concat([prefix, bytes]);
}

/** Sends several framed queries in one write and reads as many framed answers. */
async function tcpExchange(port: number, packets: Uint8Array[]): Promise<DnsMessage[]> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.write(Buffer.concat(packets.map(frame)));
  const answers: DnsMessage[] = [];
  let pending = Buffer.alloc(0);
  for await (const chunk of socket as AsyncIterable<Buffer>) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      answers.push(decodeMessage(new Uint8Array(pending.subarray(2, 2 + pending.readUInt16BE(0)))));
      pending = pending.subarray(2 + pending.readUInt16BE(0));
    }
    if (answers.length === packets.length) break;
  }
  socket.destroy();
  return answers;
}

function hasBusyboxNslookup(): boolean {
  try {
    return execFileSync('busybox', ['--list'], { encoding: 'utf8' })
      .split('\n')
      .includes('nslookup');
  } catch {
    return false;
  }
}

function busybox(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('busybox', ['nslookup', ...args], { timeout: 20_000 }, (error, stdout) => {
      resolve({
        code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
        stdout,
      });
    });
  });
}

describe('startDnsServer', () => {
  let server: RunningDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    server = await startDnsServer({ host: '127.0.0.1', port: 0, index: fixture(), logger });
    resolver = new Resolver({ timeout: 5000, tries: 2 });
    resolver.setServers([`127.0.0.1:${server.address.port}`]);
  });

  afterAll(async () => {
    await server.close();
  });

  it('answers A with the ClusterIP and a 5 s TTL', async () => {
    expect(await resolver.resolve4('db.demo.svc.cluster.local', { ttl: true })).toEqual([
      { address: '127.96.0.20', ttl: 5 },
    ]);
  });

  it('answers SRV for a named port', async () => {
    expect(await resolver.resolveSrv('_mysql._tcp.db.demo.svc.cluster.local')).toEqual([
      expect.objectContaining({
        name: 'db.demo.svc.cluster.local',
        port: 3306,
        priority: 0,
        weight: 100,
      }),
    ]);
  });

  it('answers PTR for a ClusterIP and a pod IP', async () => {
    expect(await resolver.reverse('127.96.0.20')).toEqual(['db.demo.svc.cluster.local']);
    expect(await resolver.reverse('127.1.0.9')).toEqual(['127-1-0-9.demo.pod.cluster.local']);
  });

  it('answers NXDOMAIN for an unknown Service and REFUSED outside the zone', async () => {
    await expect(resolver.resolve4('nope.demo.svc.cluster.local')).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    await expect(resolver.resolve4('example.com')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('gives a resolver all 60 addresses of a headless Service: truncated over UDP, whole over TCP', async () => {
    const udp = await udpExchange(server.address.port, queryOf('many.demo.svc.cluster.local', 7));
    expect(udp.header.tc).toBe(true);
    const addresses = await resolver.resolve4('many.demo.svc.cluster.local');
    expect(addresses).toHaveLength(60);
  });

  it('answers a malformed UDP packet with FORMERR and keeps serving', async () => {
    const garbage = Uint8Array.from([
      0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x0c,
    ]);
    const answer = await udpExchange(server.address.port, garbage);
    expect(answer.header).toMatchObject({ id: 0xabcd, qr: true, rcode: rcodes.formErr });
    expect(await resolver.resolve4('db.demo.svc.cluster.local')).toEqual(['127.96.0.20']);
  });

  it('answers several queries sent at once on one TCP connection', async () => {
    const answers = await tcpExchange(server.address.port, [
      queryOf('db.demo.svc.cluster.local', 1),
      queryOf('_mysql._tcp.db.demo.svc.cluster.local', 2, recordTypes.SRV),
    ]);
    expect(answers.map((a) => [a.header.id, a.answers.length]).sort()).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('forwards names outside its zone to the upstreams it is given, and only then', async () => {
    const upstreamIndex = createDnsIndex();
    upstreamIndex.upsertService({
      namespace: 'x',
      name: 'far',
      kind: 'cluster-ip',
      clusterIp: '127.97.0.1',
      ports: [],
    });
    const upstream = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      zone: 'other.test',
      index: upstreamIndex,
      logger,
    });
    const forwarding = await startDnsServer({
      host: '127.0.0.1',
      port: 0,
      index: fixture(),
      logger,
      upstreams: [`127.0.0.1:${upstream.address.port}`],
    });
    try {
      const viaForwarder = new Resolver({ timeout: 5000, tries: 1 });
      viaForwarder.setServers([`127.0.0.1:${forwarding.address.port}`]);
      expect(await viaForwarder.resolve4('far.x.svc.other.test')).toEqual(['127.97.0.1']);
      expect(await viaForwarder.resolve4('db.demo.svc.cluster.local')).toEqual(['127.96.0.20']);
      const tcp = await tcpExchange(forwarding.address.port, [queryOf('far.x.svc.other.test', 9)]);
      expect(tcp[0]?.answers[0]?.data).toEqual({ kind: 'a', address: '127.97.0.1' });
      await expect(resolver.resolve4('far.x.svc.other.test')).rejects.toMatchObject({
        code: 'EREFUSED',
      });
    } finally {
      await forwarding.close();
      await upstream.close();
    }
  });

  it('frees its port on close: a new server binds the same port', async () => {
    const first = await startDnsServer({ host: '127.0.0.1', port: 0, index: fixture(), logger });
    const { port } = first.address;
    await first.close();
    const second = await startDnsServer({ host: '127.0.0.1', port, index: fixture(), logger });
    expect(second.address.port).toBe(port);
    await second.close();
  });

  it('rejects bad options naming every field', async () => {
    await expect(
      startDnsServer({
        host: 'localhost',
        port: 70000,
        zone: 'a..b',
        ttl: -1,
        upstreams: ['8.8.8.8:0'],
        index: fixture(),
        logger,
      }),
    ).rejects.toThrow(
      /host: 'localhost'.*port: 70000.*ttl: -1.*zone: 'a\.\.b'.*upstreams\[0\]: '8\.8\.8\.8:0'/,
    );
  });

  describe.skipIf(!hasBusyboxNslookup())(
    'with busybox nslookup (the tiny guest and test pods)',
    () => {
      it.each([
        [['db.demo.svc.cluster.local'], 0, 'Address: 127.96.0.20'],
        [
          ['-type=srv', '_mysql._tcp.db.demo.svc.cluster.local'],
          0,
          'service = 0 100 3306 db.demo.svc.cluster.local',
        ],
        [['127.96.0.20'], 0, 'name = db.demo.svc.cluster.local'],
        [['nope.demo.svc.cluster.local'], 1, "can't find nope.demo.svc.cluster.local: NXDOMAIN"],
      ])('busybox nslookup %j', async (args, code, output) => {
        const result = await busybox([`-port=${server.address.port}`, ...args, '127.0.0.1']);
        expect(result.code).toBe(code);
        expect(result.stdout).toContain(output);
      });
    },
  );
});

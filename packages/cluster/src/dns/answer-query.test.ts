import { describe, expect, it } from 'vitest';
import { answerQuery, type QueryContext, type QueryOutcome } from './answer-query.ts';
import { decodeMessage } from './decode-message.ts';
import { createDnsIndex } from './dns-index.ts';
import { rcodes, recordTypes, type DnsMessage, type ResourceRecord } from './dns-message.ts';
import { ask, queryBytes } from './test-query.ts';

function index(): ReturnType<typeof createDnsIndex> {
  const idx = createDnsIndex();
  idx.upsertService({
    namespace: 'demo',
    name: 'db',
    kind: 'cluster-ip',
    clusterIp: '127.96.0.20',
    ports: [{ name: 'mysql', protocol: 'TCP', port: 3306 }],
  });
  // 60 ready endpoints: 60 A records (~1 KB) do not fit 512 bytes.
  const addresses = Array.from({ length: 60 }, (_, i) => ({ ip: `127.2.0.${i + 1}` }));
  idx.upsertService({ namespace: 'demo', name: 'many', kind: 'headless', ports: [] });
  idx.upsertEndpoints({
    namespace: 'demo',
    name: 'many',
    subsets: [{ addresses, ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }],
  });
  return idx;
}

const context: QueryContext = {
  source: index(),
  config: { zone: 'cluster.local', ttl: 5, pods: 'insecure' },
  transport: 'udp',
  forwarding: false,
  maxUdpPayload: 1232,
};

function opt(size: number, version = 0): ResourceRecord {
  return {
    name: '',
    type: recordTypes.OPT,
    class: size,
    ttl: version << 16,
    data: { kind: 'raw', bytes: new Uint8Array(0) },
  };
}

function reply(outcome: QueryOutcome): DnsMessage {
  if (outcome.kind !== 'reply') throw new Error(`expected a reply, got ${outcome.kind}`);
  return decodeMessage(outcome.bytes);
}

describe('answerQuery', () => {
  it('answers a query authoritatively, echoing its ID, question and RD', () => {
    const response = reply(answerQuery(queryBytes([ask('db.demo.svc.cluster.local')]), context));
    expect(response.header).toMatchObject({
      id: 4242,
      qr: true,
      aa: true,
      rd: true,
      ra: false,
      tc: false,
      rcode: 0,
    });
    expect(response.questions).toEqual([ask('db.demo.svc.cluster.local')]);
    expect(response.answers.map((r) => r.data)).toEqual([{ kind: 'a', address: '127.96.0.20' }]);
  });

  it.each([
    [
      'random bytes',
      Uint8Array.from([0x12, 0x34, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x99, 0x13, 0x00]),
    ],
    [
      'a header promising a missing question',
      Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
    ],
    [
      'a compression loop',
      Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0xc0, 12, 0, 1, 0, 1]),
    ],
    ['trailing garbage', Uint8Array.from([...queryBytes([ask('a.cluster.local')]), 7, 7, 7])],
  ])('answers %s with FORMERR under the same ID', (_, packet) => {
    const outcome = answerQuery(packet, context);
    expect(outcome).toMatchObject({ kind: 'reply', rcode: rcodes.formErr });
    const id = ((packet[0] ?? 0) << 8) | (packet[1] ?? 0);
    expect(reply(outcome).header).toMatchObject({ id, qr: true, rcode: rcodes.formErr });
    if (outcome.kind === 'reply') expect(outcome.problem).toEqual(expect.any(String));
  });

  it.each([
    ['no question', queryBytes([]), rcodes.formErr],
    ['two questions', queryBytes([ask('a.cluster.local'), ask('b.cluster.local')]), rcodes.formErr],
    [
      'two OPT records',
      queryBytes([ask('a.cluster.local')], { additionals: [opt(1232), opt(1232)] }),
      rcodes.formErr,
    ],
    ['a NOTIFY (opcode 4)', queryBytes([ask('a.cluster.local')], { opcode: 4 }), rcodes.notImp],
    [
      'the CHAOS class',
      queryBytes([{ name: 'version.bind', type: recordTypes.TXT, class: 3 }]),
      rcodes.refused,
    ],
    ['a name outside the zones', queryBytes([ask('example.com')]), rcodes.refused],
  ])('answers %s with the right rcode', (_, packet, rcode) => {
    expect(reply(answerQuery(packet, context)).header.rcode).toBe(rcode);
  });

  it('answers EDNS version 1 with BADVERS in the OPT record', () => {
    const response = reply(
      answerQuery(
        queryBytes([ask('db.demo.svc.cluster.local')], { additionals: [opt(1232, 1)] }),
        context,
      ),
    );
    expect(response.header.rcode).toBe(0);
    expect(response.answers).toEqual([]);
    expect(response.additionals).toEqual([{ ...opt(1232), ttl: 1 << 24 }]);
  });

  it('answers EDNS with its own OPT record, advertising its payload size', () => {
    const response = reply(
      answerQuery(
        queryBytes([ask('db.demo.svc.cluster.local')], { additionals: [opt(4096)] }),
        context,
      ),
    );
    expect(response.additionals).toEqual([opt(1232)]);
  });

  it.each([
    ['a response (QR set)', Uint8Array.from([0, 1, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0])],
    ['a single byte', Uint8Array.from([7])],
  ])('drops %s', (_, packet) => {
    expect(answerQuery(packet, context).kind).toBe('drop');
  });

  it('truncates a UDP answer over 512 bytes to the question, with TC set', () => {
    const outcome = answerQuery(queryBytes([ask('many.demo.svc.cluster.local')]), context);
    const response = reply(outcome);
    expect(outcome.kind === 'reply' && outcome.bytes.length).toBeLessThanOrEqual(512);
    expect(response.header.tc).toBe(true);
    expect(response.questions).toEqual([ask('many.demo.svc.cluster.local')]);
    expect(response.answers).toEqual([]);
  });

  it('sends the whole answer over TCP', () => {
    const response = reply(
      answerQuery(queryBytes([ask('many.demo.svc.cluster.local')]), {
        ...context,
        transport: 'tcp',
      }),
    );
    expect(response.header.tc).toBe(false);
    expect(response.answers).toHaveLength(60);
  });

  it.each([
    ['an EDNS size that fits', 4096, 4096, false],
    ['an EDNS size that does not fit', 900, 4096, true],
    ['a large EDNS size, capped by the server', 4096, 800, true],
  ])('sizes UDP answers by %s', (_, clientSize, maxUdpPayload, truncated) => {
    const packet = queryBytes([ask('many.demo.svc.cluster.local')], {
      additionals: [opt(clientSize)],
    });
    const outcome = answerQuery(packet, { ...context, maxUdpPayload });
    const response = reply(outcome);
    expect(response.header.tc).toBe(truncated);
    expect(response.answers).toHaveLength(truncated ? 0 : 60);
    expect(response.additionals.map((r) => r.type)).toEqual([recordTypes.OPT]);
  });

  it('drops the Additional section before truncating an answer', () => {
    const idx = index();
    const addresses = Array.from({ length: 5 }, (_, i) => ({
      ip: `127.3.0.${i + 1}`,
      hostname: `host-with-a-long-name-${i}`,
    }));
    idx.upsertService({ namespace: 'demo', name: 'srv', kind: 'headless', ports: [] });
    idx.upsertEndpoints({
      namespace: 'demo',
      name: 'srv',
      subsets: [{ addresses, ports: [{ name: 'http', protocol: 'TCP', port: 80 }] }],
    });
    const response = reply(
      answerQuery(queryBytes([ask('_http._tcp.srv.demo.svc.cluster.local', recordTypes.SRV)]), {
        ...context,
        source: idx,
      }),
    );
    expect(response.header.tc).toBe(false);
    expect(response.answers).toHaveLength(5);
    expect(response.additionals).toEqual([]);
  });

  it('hands names outside the zones and unknown reverse names to forwarding when it is on', () => {
    const forwarding = { ...context, forwarding: true };
    for (const name of ['example.com', '4.3.2.1.in-addr.arpa']) {
      const outcome = answerQuery(queryBytes([ask(name, recordTypes.PTR)]), forwarding);
      expect(outcome.kind).toBe('forward');
      if (outcome.kind === 'forward')
        expect(decodeMessage(outcome.failure).header).toMatchObject({
          rcode: rcodes.servFail,
          ra: true,
        });
    }
    expect(answerQuery(queryBytes([ask('db.demo.svc.cluster.local')]), forwarding).kind).toBe(
      'reply',
    );
  });

  it('answers an unknown reverse name with NXDOMAIN when not forwarding', () => {
    const response = reply(
      answerQuery(queryBytes([ask('4.3.2.1.in-addr.arpa', recordTypes.PTR)]), context),
    );
    expect(response.header).toMatchObject({ rcode: rcodes.nxDomain, aa: true });
    expect(response.authorities.map((r) => r.name)).toEqual(['in-addr.arpa']);
  });

  it('answers SERVFAIL when the data cannot be written (an over-long ExternalName label)', () => {
    const idx = createDnsIndex();
    idx.upsertService({
      namespace: 'demo',
      name: 'bad',
      kind: 'external-name',
      externalName: `${'x'.repeat(70)}.com`,
      ports: [],
    });
    const outcome = answerQuery(queryBytes([ask('bad.demo.svc.cluster.local')]), {
      ...context,
      source: idx,
    });
    expect(outcome).toMatchObject({ kind: 'reply', rcode: rcodes.servFail });
    expect(outcome.kind === 'reply' ? outcome.problem : '').toContain('longer than 63 bytes');
  });
});

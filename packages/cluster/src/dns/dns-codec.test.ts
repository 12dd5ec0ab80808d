import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode-message.ts';
import {
  DnsFormatError,
  recordTypes,
  type DnsMessage,
  type ResourceRecord,
} from './dns-message.ts';
import { encodeMessage } from './encode-message.ts';

const header = {
  id: 0xbeef,
  qr: true,
  opcode: 0,
  aa: true,
  tc: false,
  rd: true,
  ra: false,
  ad: false,
  cd: false,
  rcode: 0,
};

function record(name: string, type: number, data: ResourceRecord['data']): ResourceRecord {
  return { name, type, class: 1, ttl: 5, data };
}

const everyKind: DnsMessage = {
  header,
  questions: [{ name: 'Db.Demo.svc.cluster.local', type: recordTypes.ANY, class: 1 }],
  answers: [
    record('Db.Demo.svc.cluster.local', recordTypes.A, { kind: 'a', address: '127.96.0.20' }),
    record('db.demo.svc.cluster.local', recordTypes.AAAA, {
      kind: 'aaaa',
      address: '2001:db8:0:0:0:0:0:1',
    }),
    record('ext.demo.svc.cluster.local', recordTypes.CNAME, {
      kind: 'name',
      target: 'example.com',
    }),
    record('20.0.96.127.in-addr.arpa', recordTypes.PTR, {
      kind: 'name',
      target: 'db.demo.svc.cluster.local',
    }),
    record('_mysql._tcp.db.demo.svc.cluster.local', recordTypes.SRV, {
      kind: 'srv',
      priority: 0,
      weight: 100,
      port: 3306,
      target: 'db.demo.svc.cluster.local',
    }),
    record('dns-version.cluster.local', recordTypes.TXT, { kind: 'txt', texts: ['1.1.0', ''] }),
    record('odd\\.label\\000.cluster.local', 99, { kind: 'raw', bytes: Uint8Array.of(1, 2, 3) }),
  ],
  authorities: [
    record('cluster.local', recordTypes.NS, { kind: 'name', target: 'ns.dns.cluster.local' }),
    record('cluster.local', recordTypes.SOA, {
      kind: 'soa',
      mname: 'ns.dns.cluster.local',
      rname: 'hostmaster.cluster.local',
      serial: 4294967295,
      refresh: 7200,
      retry: 1800,
      expire: 86400,
      minimum: 5,
    }),
  ],
  additionals: [
    {
      name: '',
      type: recordTypes.OPT,
      class: 1232,
      ttl: 0,
      data: { kind: 'raw', bytes: Uint8Array.of() },
    },
  ],
};

/** A query for `name` type A with id 1, as raw bytes (no compression). */
function queryBytes(name: string, extra: number[] = []): number[] {
  const labels = name.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]);
  return [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1, ...extra];
}

describe('encodeMessage and decodeMessage', () => {
  it.each([true, false])('round-trip every record kind (compression %s)', (compress) => {
    const bytes = encodeMessage(everyKind, { compress });
    expect(decodeMessage(bytes)).toEqual(everyKind);
  });

  it('compresses repeated names with pointers, keeping the first spelling', () => {
    const plain = encodeMessage(everyKind, { compress: false });
    const compressed = encodeMessage(everyKind);
    expect(compressed.length).toBeLessThan(plain.length - 100);
    // The first answer's owner is a pointer to the question name at offset 12.
    const question = 12 + 'Db.Demo.svc.cluster.local'.length + 2 + 4;
    expect([...compressed.subarray(question, question + 2)]).toEqual([0xc0, 12]);
  });

  it('never compresses an SRV target (RFC 2782)', () => {
    const message: DnsMessage = {
      header,
      questions: [{ name: 'db.demo.svc.cluster.local', type: recordTypes.SRV, class: 1 }],
      answers: [everyKind.answers[4] as ResourceRecord],
      authorities: [],
      additionals: [],
    };
    const bytes = encodeMessage(message);
    const target = Buffer.from([2, ...Buffer.from('db'), 4, ...Buffer.from('demo'), 3]);
    expect(Buffer.from(bytes).indexOf(target, 40)).toBeGreaterThan(40);
    expect(decodeMessage(bytes).answers[0]?.data).toEqual(everyKind.answers[4]?.data);
  });

  it('reads names that chain compression pointers', () => {
    // Question "a.example"; answer owner "b" + pointer to "example" (offset 14); its data a
    // pointer to the owner (which itself ends in a pointer).
    const bytes = Uint8Array.from([
      ...[0, 7, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0],
      ...[1, 0x61, 7, ...Buffer.from('example'), 0, 0, 12, 0, 1],
      ...[1, 0x62, 0xc0, 14, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 27],
    ]);
    const message = decodeMessage(bytes);
    expect(message.questions).toEqual([{ name: 'a.example', type: 12, class: 1 }]);
    expect(message.answers).toEqual(
      [record('b.example', recordTypes.CNAME, { kind: 'name', target: 'b.example' })].map((r) => ({
        ...r,
        ttl: 60,
      })),
    );
  });

  it.each([
    ['an empty packet', [], 'the header needs 12 bytes'],
    ['a short header', [0, 1, 0, 0, 0, 1], 'the header needs 12 bytes'],
    [
      'a promised question that is missing',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0],
      'question 1 name runs past',
    ],
    [
      'a label longer than the packet',
      [...queryBytes('a').slice(0, 12), 9, 0x61],
      'question 1 name runs past',
    ],
    ['a question without its type', queryBytes('a').slice(0, 16), 'question 1 type runs past'],
    [
      'a pointer to itself',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1],
      'does not point back',
    ],
    [
      'a pointer forwards',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 16, 0, 1, 0, 1, 0],
      'does not point back',
    ],
    [
      'a pointer into the header',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 2, 0, 1, 0, 1],
      'does not point back',
    ],
    [
      'a pointer loop',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x61, 0xc0, 12, 0, 1, 0, 1],
      'does not point back',
    ],
    [
      'a reserved label type',
      [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0, 1, 0, 1],
      'reserved label type',
    ],
    [
      'a name over 255 bytes',
      queryBytes(Array.from({ length: 5 }, () => 'x'.repeat(60)).join('.')),
      'longer than 255 bytes',
    ],
    [
      'an A record with 5 bytes of data',
      [
        ...queryBytes('a').slice(0, 7),
        1,
        ...queryBytes('a').slice(8),
        0xc0,
        12,
        0,
        1,
        0,
        1,
        0,
        0,
        0,
        5,
        0,
        5,
        1,
        2,
        3,
        4,
        5,
      ],
      'answer 1 data has 5 bytes of address data',
    ],
    [
      'record data longer than the packet',
      [
        ...queryBytes('a').slice(0, 7),
        1,
        ...queryBytes('a').slice(8),
        0xc0,
        12,
        0,
        1,
        0,
        1,
        0,
        0,
        0,
        5,
        0,
        9,
        1,
        2,
      ],
      'answer 1 data runs past',
    ],
    [
      'a TXT string running past its data',
      [
        ...queryBytes('a').slice(0, 7),
        1,
        ...queryBytes('a').slice(8),
        0xc0,
        12,
        0,
        16,
        0,
        1,
        0,
        0,
        0,
        5,
        0,
        2,
        5,
        0x61,
      ],
      'answer 1 data has a string running past',
    ],
    ['bytes after the last record', queryBytes('a', [0, 0]), '2 bytes follow the last record'],
  ])('rejects %s with a DnsFormatError naming the cause', (_, bytes, cause) => {
    expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(DnsFormatError);
    expect(() => decodeMessage(Uint8Array.from(bytes))).toThrow(cause);
  });

  it.each([
    [
      'a label over 63 bytes',
      record(`${'x'.repeat(64)}.local`, 1, { kind: 'a', address: '1.2.3.4' }),
      'longer than 63 bytes',
    ],
    [
      'a name over 255 bytes',
      record(Array.from({ length: 5 }, () => 'x'.repeat(60)).join('.'), 1, {
        kind: 'a',
        address: '1.2.3.4',
      }),
      'longer than 255 bytes',
    ],
    ['a bad IPv4 address', record('a', 1, { kind: 'a', address: '1.2.3' }), 'not an IPv4 address'],
    [
      'a bad IPv6 address',
      record('a', 28, { kind: 'aaaa', address: '1::2::3' }),
      'not an IPv6 address',
    ],
    [
      'a ttl out of range',
      { ...record('a', 1, { kind: 'a', address: '1.2.3.4' }), ttl: -1 },
      'answer 1 ttl',
    ],
    ['an empty label', record('a..b', 1, { kind: 'a', address: '1.2.3.4' }), 'empty label'],
  ])('refuses to encode %s, naming it', (_, answer, cause) => {
    const message: DnsMessage = {
      header,
      questions: [],
      answers: [answer],
      authorities: [],
      additionals: [],
    };
    expect(() => encodeMessage(message)).toThrow(cause);
  });

  it('writes IPv6 addresses with :: and an IPv4 tail', () => {
    const message: DnsMessage = {
      header,
      questions: [],
      answers: [record('a', 28, { kind: 'aaaa', address: '::ffff:127.0.0.1' })],
      authorities: [],
      additionals: [],
    };
    expect(decodeMessage(encodeMessage(message)).answers[0]?.data).toEqual({
      kind: 'aaaa',
      address: '0:0:0:0:0:ffff:7f00:1',
    });
  });
});

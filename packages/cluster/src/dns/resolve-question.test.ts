import { describe, expect, it } from 'vitest';
import { createDnsIndex, type DnsIndex } from './dns-index.ts';
import { rcodes, recordTypes, type RecordData } from './dns-message.ts';
import { resolveQuestion, type ResolverConfig } from './resolve-question.ts';

function fixture(): DnsIndex {
  const index = createDnsIndex();
  index.upsertService({
    namespace: 'demo',
    name: 'db',
    kind: 'cluster-ip',
    clusterIp: '127.96.0.20',
    ports: [
      { name: 'mysql', protocol: 'TCP', port: 3306 },
      { name: 'stats', protocol: 'UDP', port: 9000 },
      { name: '', protocol: 'TCP', port: 8080 },
    ],
  });
  index.upsertService({
    namespace: 'demo',
    name: 'web',
    kind: 'headless',
    ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
  });
  index.upsertEndpoints({
    namespace: 'demo',
    name: 'web',
    subsets: [
      {
        addresses: [{ ip: '127.1.0.7', hostname: 'web-0' }, { ip: '127.1.0.6' }],
        ports: [{ name: 'http', protocol: 'TCP', port: 8080 }],
      },
    ],
  });
  index.upsertService({ namespace: 'demo', name: 'empty', kind: 'headless', ports: [] });
  index.upsertService({
    namespace: 'demo',
    name: 'ext',
    kind: 'external-name',
    externalName: 'example.com',
    ports: [],
  });
  index.upsertService({
    namespace: 'demo',
    name: 'new',
    kind: 'cluster-ip',
    clusterIp: '',
    ports: [],
  });
  index.upsertPod({ namespace: 'demo', name: 'client', ip: '127.1.0.9' });
  index.upsertPod({ namespace: 'demo', name: 'web-1', ip: '127.1.0.6' });
  return index;
}

const config: ResolverConfig = { zone: 'cluster.local', ttl: 5, pods: 'insecure' };
const { A, AAAA, SRV, PTR, TXT, SOA, NS, CNAME, ANY } = recordTypes;

/** The answer in short form: rcode, then `type data` per answer, and whether the SOA came along. */
function summary(name: string, type: number, overrides: Partial<ResolverConfig> = {}): unknown {
  const resolution = resolveQuestion(
    fixture(),
    { name, type, class: 1 },
    { ...config, ...overrides },
  );
  if (resolution.kind !== 'answer') return resolution.kind;
  const show = (data: RecordData): string => {
    switch (data.kind) {
      case 'a':
      case 'aaaa':
        return data.address;
      case 'name':
        return data.target;
      case 'srv':
        return `${data.priority} ${data.weight} ${data.port} ${data.target}`;
      case 'txt':
        return data.texts.join(' ');
      case 'soa':
        return `${data.mname} ${data.rname}`;
      case 'raw':
        return 'raw';
    }
  };
  return {
    rcode: resolution.rcode,
    answers: resolution.answers.map((r) => show(r.data)),
    soa: resolution.authorities.map((r) => r.name),
    additional: resolution.additionals.map((r) => `${r.name} ${show(r.data)}`),
  };
}

const nodata = (zone = 'cluster.local'): object => ({
  rcode: rcodes.noError,
  answers: [],
  soa: [zone],
  additional: [],
});
const nxdomain = (zone = 'cluster.local'): object => ({
  rcode: rcodes.nxDomain,
  answers: [],
  soa: [zone],
  additional: [],
});
const answers = (...values: string[]): object => ({
  rcode: rcodes.noError,
  answers: values,
  soa: [],
  additional: [],
});

describe('resolveQuestion', () => {
  it.each([
    ['a ClusterIP Service: its address', 'db.demo.svc.cluster.local', A, answers('127.96.0.20')],
    [
      'a name in any case, with a trailing dot',
      'DB.Demo.SVC.Cluster.Local.',
      A,
      answers('127.96.0.20'),
    ],
    ['AAAA of an IPv4 Service: no data, with the SOA', 'db.demo.svc.cluster.local', AAAA, nodata()],
    ['ANY: every record of the name', 'db.demo.svc.cluster.local', ANY, answers('127.96.0.20')],
    [
      'a named TCP port: SRV to the Service, its A in Additional',
      '_mysql._tcp.db.demo.svc.cluster.local',
      SRV,
      {
        ...answers('0 100 3306 db.demo.svc.cluster.local'),
        additional: ['db.demo.svc.cluster.local 127.96.0.20'],
      },
    ],
    [
      'a named UDP port',
      '_stats._udp.db.demo.svc.cluster.local',
      SRV,
      {
        ...answers('0 100 9000 db.demo.svc.cluster.local'),
        additional: ['db.demo.svc.cluster.local 127.96.0.20'],
      },
    ],
    [
      'a port under the wrong protocol: NXDOMAIN',
      '_mysql._udp.db.demo.svc.cluster.local',
      SRV,
      nxdomain(),
    ],
    ['an unknown port: NXDOMAIN', '_nope._tcp.db.demo.svc.cluster.local', SRV, nxdomain()],
    ['A of an SRV name: no data', '_mysql._tcp.db.demo.svc.cluster.local', A, nodata()],
    ['the protocol level of a Service: no data', '_tcp.db.demo.svc.cluster.local', A, nodata()],
    [
      'a headless Service: its ready endpoints',
      'web.demo.svc.cluster.local',
      A,
      answers('127.1.0.6', '127.1.0.7'),
    ],
    [
      'a headless named port: SRV per endpoint at the endpoint port',
      '_http._tcp.web.demo.svc.cluster.local',
      SRV,
      {
        ...answers(
          '0 50 8080 web-0.web.demo.svc.cluster.local',
          '0 50 8080 127-1-0-6.web.demo.svc.cluster.local',
        ),
        additional: [
          'web-0.web.demo.svc.cluster.local 127.1.0.7',
          '127-1-0-6.web.demo.svc.cluster.local 127.1.0.6',
        ],
      },
    ],
    ['an endpoint by its hostname', 'web-0.web.demo.svc.cluster.local', A, answers('127.1.0.7')],
    [
      'an endpoint without hostname by its dashed IP',
      '127-1-0-6.web.demo.svc.cluster.local',
      A,
      answers('127.1.0.6'),
    ],
    ['an unknown endpoint hostname: NXDOMAIN', 'web-9.web.demo.svc.cluster.local', A, nxdomain()],
    [
      'a hostname under a ClusterIP Service: NXDOMAIN',
      'x.db.demo.svc.cluster.local',
      A,
      nxdomain(),
    ],
    [
      'a headless Service without ready endpoints: NXDOMAIN',
      'empty.demo.svc.cluster.local',
      A,
      nxdomain(),
    ],
    [
      'an ExternalName Service: its CNAME, whatever the type',
      'ext.demo.svc.cluster.local',
      A,
      answers('example.com'),
    ],
    ['a Service without a ClusterIP yet: no data', 'new.demo.svc.cluster.local', A, nodata()],
    ['an unknown Service: NXDOMAIN', 'nope.demo.svc.cluster.local', A, nxdomain()],
    ['a namespace with Services: no data', 'demo.svc.cluster.local', A, nodata()],
    ['a namespace without Services: NXDOMAIN', 'other.svc.cluster.local', A, nxdomain()],
    ['svc.<zone>: no data', 'svc.cluster.local', A, nodata()],
    ['too many labels: NXDOMAIN', 'a._http._tcp.web.demo.svc.cluster.local', A, nxdomain()],
    ['a pod by its dashed address', '127-1-0-9.demo.pod.cluster.local', A, answers('127.1.0.9')],
    ['AAAA of a pod name: no data', '127-1-0-9.demo.pod.cluster.local', AAAA, nodata()],
    [
      'a pod name that is no address: NXDOMAIN',
      '127-1-0-999.demo.pod.cluster.local',
      A,
      nxdomain(),
    ],
    ['the schema version', 'dns-version.cluster.local', TXT, answers('1.1.0')],
    [
      'the apex SOA',
      'cluster.local',
      SOA,
      answers('ns.dns.cluster.local hostmaster.cluster.local'),
    ],
    ['the apex NS', 'cluster.local', NS, answers('ns.dns.cluster.local')],
    ['an unknown name in the zone: NXDOMAIN with the SOA', 'what.cluster.local', A, nxdomain()],
    ['a ClusterIP reversed', '20.0.96.127.in-addr.arpa', PTR, answers('db.demo.svc.cluster.local')],
    [
      'a headless endpoint reversed (not its pod)',
      '6.0.1.127.in-addr.arpa',
      PTR,
      answers('127-1-0-6.web.demo.svc.cluster.local'),
    ],
    ['a pod reversed', '9.0.1.127.in-addr.arpa', PTR, answers('127-1-0-9.demo.pod.cluster.local')],
    ['A of a reverse name: no data', '9.0.1.127.in-addr.arpa', A, nodata('in-addr.arpa')],
    ['an unknown address reversed', '1.2.3.4.in-addr.arpa', PTR, 'unknown-reverse'],
    ['a partial reverse name', '0.10.in-addr.arpa', PTR, 'unknown-reverse'],
    ['a name outside the zones', 'example.com', A, 'outside'],
    ['a short name (the search list expands those)', 'db.demo', A, 'outside'],
    ['the zone as a label elsewhere', 'cluster.local.example', A, 'outside'],
    ['CNAME asked of an ExternalName', 'ext.demo.svc.cluster.local', CNAME, answers('example.com')],
  ])('answers %s', (_, name, type, expected) => {
    expect(summary(name, type)).toEqual(expected);
  });

  it.each([
    ['insecure', '127-9-9-9.demo.pod.cluster.local', answers('127.9.9.9')],
    ['verified', '127-9-9-9.demo.pod.cluster.local', nxdomain()],
    ['verified', '127-1-0-9.demo.pod.cluster.local', answers('127.1.0.9')],
    ['verified', '127-1-0-9.other.pod.cluster.local', nxdomain()],
    ['disabled', '127-1-0-9.demo.pod.cluster.local', nxdomain()],
  ] as const)('answers pod names in %s mode as CoreDNS does (%s)', (pods, name, expected) => {
    expect(summary(name, A, { pods })).toEqual(expected);
  });

  it('reverses no pod address when pod records are disabled', () => {
    expect(summary('9.0.1.127.in-addr.arpa', PTR, { pods: 'disabled' })).toBe('unknown-reverse');
  });

  it('serves another cluster domain, and only that one', () => {
    const other = { zone: 'corp.example' };
    expect(summary('db.demo.svc.corp.example', A, other)).toEqual(answers('127.96.0.20'));
    expect(summary('db.demo.svc.cluster.local', A, other)).toBe('outside');
    expect(summary('20.0.96.127.in-addr.arpa', PTR, other)).toEqual(
      answers('db.demo.svc.corp.example'),
    );
  });

  it('answers with the spelling of the question, the configured TTL and the index serial', () => {
    const index = fixture();
    const name = 'Db.DEMO.svc.cluster.local';
    const hit = resolveQuestion(index, { name, type: A, class: 1 }, { ...config, ttl: 30 });
    expect(hit).toMatchObject({ kind: 'answer', answers: [{ name, ttl: 30, class: 1 }] });
    const miss = resolveQuestion(index, { name: 'x.cluster.local', type: A, class: 1 }, config);
    expect(miss).toMatchObject({
      authorities: [{ data: { kind: 'soa', serial: index.serial, minimum: 5 } }],
    });
  });

  it('follows the index: a deleted Service is gone, a changed address answers anew', () => {
    const index = fixture();
    const ask = (): unknown =>
      resolveQuestion(index, { name: 'db.demo.svc.cluster.local', type: A, class: 1 }, config);
    index.upsertService({
      namespace: 'demo',
      name: 'db',
      kind: 'cluster-ip',
      clusterIp: '127.96.0.21',
      ports: [],
    });
    expect(ask()).toMatchObject({ answers: [{ data: { address: '127.96.0.21' } }] });
    index.deleteService('demo', 'db');
    expect(ask()).toMatchObject({ rcode: rcodes.nxDomain });
  });
});

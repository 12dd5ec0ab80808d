import { describe, expect, it } from 'vitest';
import { renderResolvConf } from './render-resolv-conf.ts';

describe('renderResolvConf', () => {
  it("writes the kubelet's ClusterFirst resolv.conf: search list, nameserver, ndots:5", () => {
    expect(
      renderResolvConf({ nameserver: '127.96.0.10', namespace: 'demo', zone: 'cluster.local' }),
    ).toBe(
      'search demo.svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.96.0.10\noptions ndots:5\n',
    );
  });

  it('writes the zone canonical', () => {
    expect(
      renderResolvConf({ nameserver: 'fd00::a', namespace: 'kube-system', zone: 'Corp.Example.' }),
    ).toBe(
      'search kube-system.svc.corp.example svc.corp.example corp.example\nnameserver fd00::a\noptions ndots:5\n',
    );
  });

  it.each([
    [
      { nameserver: '127.96.0.10:53', namespace: 'demo', zone: 'cluster.local' },
      "nameserver: '127.96.0.10:53' is not an IP address",
    ],
    [
      { nameserver: '127.96.0.10', namespace: 'Demo', zone: 'cluster.local' },
      "namespace: 'Demo' is not a DNS-1123 label",
    ],
    [
      { nameserver: '127.96.0.10', namespace: 'demo\nnameserver 8.8.8.8', zone: 'cluster.local' },
      'namespace:',
    ],
    [
      { nameserver: '127.96.0.10', namespace: 'demo', zone: 'cluster..local' },
      "zone: 'cluster..local' is not a DNS domain",
    ],
  ])('rejects %o naming the field', (options, message) => {
    expect(() => renderResolvConf(options)).toThrow(message);
  });
});

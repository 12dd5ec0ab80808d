import { describe, expect, it } from 'vitest';
import { StatusError } from '../../apiserver/status-error.ts';
import { allocateClusterIp } from './allocate-cluster-ip.ts';
import { loopbackClusterIpRange, parseClusterIpRange } from './cluster-ip-range.ts';

function failure(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

const loopback = loopbackClusterIpRange;
const pod = parseClusterIpRange('10.96.0.0/16');

/** Every address of a /16 `prefix` (e.g. `10.96`) from `from` up to, not including, 65535. */
function addressesFrom(prefix: string, from: number): Set<string> {
  const used = new Set<string>();
  for (let offset = from; offset < 65535; offset++)
    used.add(`${prefix}.${offset >> 8}.${offset & 255}`);
  return used;
}

describe('allocateClusterIp', () => {
  it.each([
    ['loopback', loopback, '127.96'],
    ['pod network', pod, '10.96'],
  ])('takes the lowest free address above the static band (%s)', (_mode, range, prefix) => {
    expect(allocateClusterIp(range, { used: new Set() })).toBe(`${prefix}.1.0`);
    const used = new Set([`${prefix}.1.0`, `${prefix}.1.1`]);
    expect(allocateClusterIp(range, { used })).toBe(`${prefix}.1.2`);
  });

  it.each([
    ['loopback', loopback, '127.96'],
    ['pod network', pod, '10.96'],
  ])(
    'falls back to the static band, never to .0.0 or the kubernetes address, when the rest is full (%s)',
    (_mode, range, prefix) => {
      expect(allocateClusterIp(range, { used: addressesFrom(prefix, 256) })).toBe(`${prefix}.0.2`);
    },
  );

  it('answers a full range with a 500', () => {
    const used = addressesFrom('10.96', 2);
    const error = failure(() => allocateClusterIp(pod, { used, serviceName: 'web' }));
    expect(error.code).toBe(500);
    expect(error.message).toBe(
      'Internal error occurred: failed to allocate a serviceIP: range is full',
    );
  });

  it.each([
    [loopback, '127.96.0.11'],
    [loopback, '127.96.0.1'],
    [pod, '10.96.0.10'],
    [pod, '10.96.0.1'],
  ])(
    'grants a requested free address in the range, the kubernetes one included (%#)',
    (range, ip) => {
      expect(
        allocateClusterIp(range, { used: new Set(['127.96.0.10', '10.96.0.11']), requested: ip }),
      ).toBe(ip);
    },
  );

  it("keeps a small range's addresses: a /28 has no static band", () => {
    const range = parseClusterIpRange('10.0.0.16/28');
    expect(allocateClusterIp(range, { used: new Set() })).toBe('10.0.0.18');
  });

  it.each([
    [
      loopback,
      '127.96.0.10',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.10"}: failed to allocate IP 127.96.0.10: provided IP is already allocated',
    ],
    [
      loopback,
      '10.96.0.1',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: the provided IP (10.96.0.1) is not in the valid range. The range of valid IPs is 127.96.0.0/16',
    ],
    [
      pod,
      '127.96.0.11',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.11"}: failed to allocate IP 127.96.0.11: the provided IP (127.96.0.11) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    ],
    [
      pod,
      '10.96.0.10',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ],
    [
      pod,
      '10.96.255.255',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.255.255"}: failed to allocate IP 10.96.255.255: the provided IP (10.96.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    ],
    [
      loopback,
      '127.96.0.0',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.0"}: failed to allocate IP 127.96.0.0: the provided IP (127.96.0.0) is not in the valid range. The range of valid IPs is 127.96.0.0/16',
    ],
    [
      pod,
      'banana',
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "banana": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ])('rejects a request in %o for %s with a 422', (range, requested, message) => {
    const used = new Set(['127.96.0.10', '10.96.0.10']);
    const error = failure(() => allocateClusterIp(range, { used, requested, serviceName: 'web' }));
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(message);
  });
});

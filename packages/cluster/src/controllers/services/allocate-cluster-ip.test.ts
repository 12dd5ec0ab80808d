import { describe, expect, it } from 'vitest';
import { StatusError } from '../../apiserver/status-error.ts';
import { allocateClusterIp, isClusterIp } from './allocate-cluster-ip.ts';

function failure(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

describe('allocateClusterIp', () => {
  it('takes the lowest free address above the static band', () => {
    expect(allocateClusterIp(new Set())).toBe('127.96.1.0');
    expect(allocateClusterIp(new Set(['127.96.1.0', '127.96.1.1']))).toBe('127.96.1.2');
  });

  it('falls back to the static band, never to .0.0 or the kubernetes address, when the rest is full', () => {
    const used = new Set<string>();
    for (let offset = 256; offset < 65535; offset++)
      used.add(`127.96.${offset >> 8}.${offset & 255}`);
    expect(allocateClusterIp(used)).toBe('127.96.0.2');
  });

  it('answers a full range with a 500', () => {
    const used = new Set<string>();
    for (let offset = 2; offset < 65535; offset++)
      used.add(`127.96.${offset >> 8}.${offset & 255}`);
    const error = failure(() => allocateClusterIp(used, undefined, 'web'));
    expect(error.code).toBe(500);
    expect(error.message).toBe(
      'Internal error occurred: failed to allocate a serviceIP: range is full',
    );
  });

  it('grants a requested free address in the range, the kubernetes one included', () => {
    expect(allocateClusterIp(new Set(['127.96.0.10']), '127.96.0.11')).toBe('127.96.0.11');
    expect(allocateClusterIp(new Set(), '127.96.0.1')).toBe('127.96.0.1');
  });

  it.each([
    [
      '127.96.0.10',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.0.10"}: failed to allocate IP 127.96.0.10: provided IP is already allocated',
    ],
    [
      '10.0.0.1',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.1"}: failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 127.96.0.0/16',
    ],
    [
      '127.96.255.255',
      'Service "web" is invalid: spec.clusterIPs: Invalid value: []string{"127.96.255.255"}: failed to allocate IP 127.96.255.255: the provided IP (127.96.255.255) is not in the valid range. The range of valid IPs is 127.96.0.0/16',
    ],
    [
      'banana',
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "banana": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ],
  ])('rejects the request %s with a 422', (requested, message) => {
    const error = failure(() => allocateClusterIp(new Set(['127.96.0.10']), requested, 'web'));
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.message).toBe(message);
  });

  it.each([
    ['127.96.0.1', true],
    ['127.96.200.7', true],
    ['127.96.0.0', false],
    ['127.97.0.1', false],
    ['::1', false],
  ])('knows whether %s is a ClusterIP', (ip, expected) => {
    expect(isClusterIp(ip)).toBe(expected);
  });
});

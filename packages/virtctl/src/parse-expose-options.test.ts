import { describe, expect, it } from 'vitest';
import { parseExposeOptions, type ExposeFlags } from './parse-expose-options.ts';
import { UsageError } from './usage-error.ts';

const none: ExposeFlags = {
  name: undefined,
  port: undefined,
  'target-port': undefined,
  'port-name': undefined,
  protocol: undefined,
  type: undefined,
  'cluster-ip': undefined,
  'external-ip': undefined,
};

function flags(given: Partial<Record<keyof ExposeFlags, string>>): ExposeFlags {
  return { ...none, name: 'svc', ...given };
}

describe('parseExposeOptions', () => {
  it('defaults the target port to the port, the protocol to TCP and the type to ClusterIP', () => {
    expect(parseExposeOptions(flags({ port: '8080' }))).toEqual({
      serviceName: 'svc',
      port: { protocol: 'TCP', port: 8080, targetPort: 8080 },
      type: 'ClusterIP',
    });
  });

  it('takes every flag, protocol and type in any case', () => {
    const options = parseExposeOptions(
      flags({
        port: '53',
        'target-port': '5353',
        'port-name': 'dns',
        protocol: 'udp',
        type: 'nodeport',
        'cluster-ip': '10.96.0.10',
        'external-ip': '192.0.2.7',
      }),
    );
    expect(options).toEqual({
      serviceName: 'svc',
      port: { name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 },
      type: 'NodePort',
      clusterIP: '10.96.0.10',
      externalIP: '192.0.2.7',
    });
  });

  it.each([
    ['a named target port', { port: '80', 'target-port': 'http' }, 'http'],
    ['a numeric target port', { port: '80', 'target-port': '8080' }, 8080],
  ])('accepts %s', (_, given, targetPort) => {
    expect(parseExposeOptions(flags(given)).port?.targetPort).toBe(targetPort);
  });

  it('leaves the port out when --port is not given (the declared ports are used)', () => {
    expect(parseExposeOptions(flags({})).port).toBeUndefined();
  });

  it.each([
    ['LoadBalancer', 'LoadBalancer'],
    ['clusterip', 'ClusterIP'],
  ])('reads --type %s as %s', (type, expected) => {
    expect(parseExposeOptions(flags({ type })).type).toBe(expected);
  });

  it('accepts a headless ClusterIP service', () => {
    expect(parseExposeOptions(flags({ port: '80', 'cluster-ip': 'None' })).clusterIP).toBe('None');
  });

  it.each<[string, Partial<Record<keyof ExposeFlags, string>>, string]>([
    ['no --name', { name: '' }, 'required flag(s) "name" not set'],
    [
      'an upper-case --name',
      { name: 'MySvc' },
      'invalid argument "MySvc" for "--name" flag: a Service name must be a DNS-1035 label',
    ],
    ['a --name starting with a digit', { name: '1svc' }, 'for "--name" flag'],
    ['a --name of 64 characters', { name: 'a'.repeat(64) }, 'for "--name" flag'],
    [
      'a non-numeric --port',
      { port: 'http' },
      'invalid argument "http" for "--port" flag: not an integer',
    ],
    [
      '--port 0',
      { port: '0' },
      'invalid argument "0" for "--port" flag: must be between 1 and 65535',
    ],
    ['--port 65536', { port: '65536' }, 'for "--port" flag: must be between 1 and 65535'],
    [
      'a negative --port',
      { port: '-1' },
      'invalid argument "-1" for "--port" flag: not an integer',
    ],
    [
      '--target-port 70000',
      { port: '80', 'target-port': '70000' },
      'for "--target-port" flag: must be between 1 and 65535',
    ],
    [
      'a --target-port name of 16 characters',
      { port: '80', 'target-port': 'a'.repeat(16) },
      'for "--target-port" flag: must be a port number (1-65535) or a port name',
    ],
    [
      'a --target-port name with "_"',
      { port: '80', 'target-port': 'my_port' },
      'invalid argument "my_port" for "--target-port" flag',
    ],
    ['--target-port without --port', { 'target-port': '80' }, 'flag --target-port needs --port'],
    ['--port-name without --port', { 'port-name': 'web' }, 'flag --port-name needs --port'],
    [
      'a bad --port-name',
      { port: '80', 'port-name': 'Web' },
      'invalid argument "Web" for "--port-name" flag: a port name must be a DNS-1123 label',
    ],
    [
      'an unknown --protocol',
      { port: '80', protocol: 'http' },
      'invalid argument "http" for "--protocol" flag: unknown protocol (use TCP, UDP or SCTP)',
    ],
    [
      'an unknown --type',
      { type: 'kaboom' },
      'invalid argument "kaboom" for "--type" flag: unknown service type (use ClusterIP, NodePort or LoadBalancer)',
    ],
    [
      '--type ExternalName',
      { type: 'ExternalName' },
      'invalid argument "ExternalName" for "--type" flag: type ExternalName not supported',
    ],
    [
      'a --cluster-ip that is no address',
      { 'cluster-ip': '10.0.0' },
      'invalid argument "10.0.0" for "--cluster-ip" flag: must be an IP address, or None',
    ],
    [
      'a headless NodePort service',
      { 'cluster-ip': 'None', type: 'NodePort' },
      'for "--cluster-ip" flag: a headless service cannot have --type NodePort',
    ],
    [
      'an --external-ip that is no address',
      { 'external-ip': 'example.com' },
      'invalid argument "example.com" for "--external-ip" flag: must be an IP address',
    ],
  ])('rejects %s with a usage error naming the flag', (_, given, message) => {
    const parse = () => parseExposeOptions(flags(given));
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});

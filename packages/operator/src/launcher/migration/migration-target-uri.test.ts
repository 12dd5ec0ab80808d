import { describe, expect, it } from 'vitest';
import { parseMigrationTargetUri } from './migration-target-uri.ts';

describe('parseMigrationTargetUri', () => {
  it.each([
    ['tcp://10.244.1.7:40123', { host: '10.244.1.7', port: 40123 }],
    ['tcp://10.244.1.7:40123/', { host: '10.244.1.7', port: 40123 }],
    ['tcp://[fd00::7]:4000', { host: 'fd00::7', port: 4000 }],
    ['tcp://node-2.cluster.local:1', { host: 'node-2.cluster.local', port: 1 }],
  ])('reads %s', (uri, target) => {
    expect(parseMigrationTargetUri(uri)).toEqual(target);
  });

  it.each([
    ['unix:///run/mig.sock', 'is not tcp://host:port'],
    ['tcp://10.0.0.1', 'is not tcp://host:port'],
    ['10.0.0.1:4000', 'is not tcp://host:port'],
    ['tcp://10.0.0.1:0', 'invalid port 0'],
    ['tcp://10.0.0.1:70000', 'invalid port 70000'],
    ['tcp://[10.0.0.1]:4000', "invalid host '10.0.0.1'"],
    ['tcp://bad_host:4000', "invalid host 'bad_host'"],
  ])('refuses %s', (uri, message) => {
    expect(() => parseMigrationTargetUri(uri)).toThrow(message);
  });
});

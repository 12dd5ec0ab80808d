import { describe, expect, it } from 'vitest';
import { runInNetns } from './run-in-netns.ts';

describe('runInNetns', () => {
  it.each([
    [
      'ip netns exec by default',
      runInNetns('pv-dev-0123456789ab', 'busybox', ['httpd', '-f'], { ipBinary: '/usr/sbin/ip' }),
      {
        file: '/usr/sbin/ip',
        args: ['netns', 'exec', 'pv-dev-0123456789ab', 'busybox', 'httpd', '-f'],
      },
    ],
    [
      'nsenter for cluster components',
      runInNetns('podvisor-dev', '/usr/bin/node', ['agent.js'], { via: 'nsenter' }),
      {
        file: 'nsenter',
        args: ['--net=/run/netns/podvisor-dev', '--', '/usr/bin/node', 'agent.js'],
      },
    ],
  ])('builds the command line (%s)', (_, command, expected) => {
    expect(command).toEqual(expected);
  });

  it.each([
    ['../etc', 'sh', /netns must be/],
    ['-n', 'sh', /netns must be/],
    ['pv-dev-0123456789ab', '', /command must not be empty/],
  ])('refuses netns %j with command %j', (netns, command, message) => {
    expect(() => runInNetns(netns, command, [])).toThrow(message);
  });
});

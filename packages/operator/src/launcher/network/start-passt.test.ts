import { describe, expect, it } from 'vitest';
import { describePasstExit, passtCommand, passtOutput } from './start-passt.ts';

describe('passtCommand', () => {
  it('runs passt under a shell that is PID 1 of its own PID namespace, killed with the launcher', () => {
    expect(passtCommand('/usr/bin/passt', ['-f', '-s', '/x/passt.sock'])).toEqual([
      'setpriv',
      '--pdeathsig',
      'KILL',
      '--',
      'unshare',
      '--pid',
      '--fork',
      '--kill-child',
      '--',
      'sh',
      '-c',
      '"$@" & wait $!',
      'sh',
      '/usr/bin/passt',
      '-f',
      '-s',
      '/x/passt.sock',
    ]);
  });
});

describe('passtOutput', () => {
  it('drops the missing syslog’s noise and blank lines, keeping the last lines', () => {
    const stderr = [
      'Failed to send 46 bytes to syslog',
      'No external routable interface for IPv6',
      '',
      'Failed to send 62 bytes to syslog',
      "Failed to bind any port for '-t 10.213.0.2/80', exiting",
      '',
    ].join('\n');
    expect(passtOutput(stderr)).toBe(
      "No external routable interface for IPv6\nFailed to bind any port for '-t 10.213.0.2/80', exiting",
    );
    expect(passtOutput(stderr, 1)).toBe("Failed to bind any port for '-t 10.213.0.2/80', exiting");
  });
});

describe('describePasstExit', () => {
  it.each([
    [
      { code: 1, signal: null, output: 'Invalid port specifier x' },
      'passt exited with code 1: Invalid port specifier x',
    ],
    [{ code: null, signal: 'SIGKILL' as const, output: '' }, 'passt exited on signal SIGKILL'],
  ])('says how passt ended (%o)', (exit, text) => {
    expect(describePasstExit({ expected: false, ...exit })).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { consoleSocketUrl } from './console-socket-url.ts';

describe('consoleSocketUrl', () => {
  it.each([
    ['http:', 'serial', 'ws://h:8080/api/consoles/default/fedora/serial'],
    ['https:', 'serial', 'wss://h:8080/api/consoles/default/fedora/serial'],
    ['http:', 'vnc', 'ws://h:8080/api/consoles/default/fedora/vnc'],
    ['https:', 'spice', 'wss://h:8080/api/consoles/default/fedora/spice'],
  ] as const)('uses the page host and the scheme for %s, kind %s', (protocol, kind, expected) => {
    expect(consoleSocketUrl('default', 'fedora', kind, { protocol, host: 'h:8080' })).toBe(
      expected,
    );
  });

  it('escapes the namespace and name', () => {
    expect(consoleSocketUrl('a/b', 'c?d', 'vnc', { protocol: 'http:', host: 'h' })).toBe(
      'ws://h/api/consoles/a%2Fb/c%3Fd/vnc',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readHello } from './hello.ts';
import { parseMessage } from './parse-message.ts';

describe('parseMessage', () => {
  it.each([
    [
      'a Hello',
      { protocol: 'podvisor.launcher/v9', role: 'x' },
      { kind: 'hello', protocol: 'podvisor.launcher/v9' },
    ],
    [
      'a request',
      { id: 3, method: 'Ping', params: {} },
      { kind: 'request', id: 3, method: 'Ping', params: {} },
    ],
    ['a response', { id: 3, result: null }, { kind: 'response', id: 3, result: null }],
    [
      'an error response',
      { id: 0, error: { code: 'Failed', message: 'no' } },
      { kind: 'errorResponse', id: 0, error: { code: 'Failed', message: 'no' } },
    ],
    [
      'an event',
      { event: 'LauncherExiting', data: { reason: 'bye' } },
      { kind: 'event', event: 'LauncherExiting', data: { reason: 'bye' } },
    ],
    [
      'a failure',
      { error: { code: 'VersionMismatch', message: 'v2 only' } },
      { kind: 'failure', error: { code: 'VersionMismatch', message: 'v2 only' } },
    ],
  ])('classifies %s', (_name, value, expected) => {
    expect(parseMessage(value)).toMatchObject(expected);
  });

  it.each([
    ['not an object', [1, 2], 'message'],
    ['no known key', { hello: 1 }, 'message'],
    ['a numeric protocol', { protocol: 1 }, 'message.protocol'],
    ['a request without id', { method: 'Ping', params: {} }, 'message.id'],
    ['a request with a negative id', { id: -1, method: 'Ping', params: {} }, 'message.id'],
    ['a request with a string id', { id: '1', method: 'Ping', params: {} }, 'message.id'],
    ['a request with a fractional id', { id: 1.5, method: 'Ping', params: {} }, 'message.id'],
    ['a request with an empty method', { id: 1, method: '', params: {} }, 'message.method'],
    ['a request without params', { id: 1, method: 'Ping' }, 'message.params'],
    ['a request with array params', { id: 1, method: 'Ping', params: [] }, 'message.params'],
    ['an event with a numeric name', { event: 5, data: {} }, 'message.event'],
    ['an event without data', { event: 'LauncherExiting' }, 'message.data'],
    ['a response without result or error', { id: 1 }, 'message.result'],
    [
      'a response with both',
      { id: 1, result: {}, error: { code: 'x', message: 'y' } },
      'message.result',
    ],
    ['an error that is a string', { id: 1, error: 'boom' }, 'message.error'],
    ['an error without code', { id: 1, error: { message: 'boom' } }, 'message.error.code'],
    ['an error without message', { error: { code: 'Failed' } }, 'message.error.message'],
  ])('refuses %s, naming the field', (_name, value, field) => {
    expect(() => parseMessage(value)).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });
});

describe('readHello', () => {
  it.each([
    { protocol: 'podvisor.launcher/v1', role: 'handler' },
    { protocol: 'podvisor.launcher/v1', role: 'launcher', podUid: 'p', vmiUid: 'v', extra: 1 },
  ])('accepts %j', (hello) => {
    expect(readHello(hello, 'hello')).toEqual(hello);
  });

  it.each([
    [{ protocol: 'podvisor.launcher/v2', role: 'handler' }, 'hello.protocol'],
    [{ protocol: 'podvisor.launcher/v1' }, 'hello.role'],
    [{ protocol: 'podvisor.launcher/v1', role: 'kubelet' }, 'hello.role'],
    [{ protocol: 'podvisor.launcher/v1', role: 'handler', podUid: 1 }, 'hello.podUid'],
    [{ protocol: 'podvisor.launcher/v1', role: 'handler', vmiUid: null }, 'hello.vmiUid'],
  ])('refuses %j, naming %s', (hello, field) => {
    expect(() => readHello(hello, 'hello')).toThrow(
      expect.objectContaining({ name: 'InvalidFieldError', field }),
    );
  });
});

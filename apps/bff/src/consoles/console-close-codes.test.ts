import { describe, expect, it } from 'vitest';
import {
  consoleCloseCodes,
  describeConsoleClose,
  handshakeCloseCode,
} from './console-close-codes.ts';

describe('handshakeCloseCode', () => {
  it.each([
    [401, 4401],
    [403, 4403],
    [404, 4404],
    [409, 4409],
    [500, 4500],
    [503, 4503],
  ])('maps HTTP %i to %i', (status, code) => {
    expect(handshakeCloseCode(status)).toBe(code);
  });

  it.each([0, 99, 600, 1000, 4.5])(
    'reports the out-of-range status %d as a bad gateway',
    (status) => {
      expect(handshakeCloseCode(status)).toBe(consoleCloseCodes.upstreamUnavailable);
    },
  );

  it('keeps every named 4xxx code within the sendable application range', () => {
    for (const code of Object.values(consoleCloseCodes)) {
      expect(code === 1000 || code === 1001 || (code >= 4000 && code <= 4999)).toBe(true);
    }
  });
});

describe('describeConsoleClose', () => {
  it.each([
    [4409, 'Operation cannot be fulfilled: VMI is not running', 'The VM is not running.'],
    [4400, 'VMI is not running', 'The VM is not running.'],
    [4409, 'Active VNC connection. Request denied.', 'Another VNC viewer is connected to this VM.'],
    [4400, 'No serial consoles are present.', 'This VM has no serial console.'],
    [4400, 'No graphics devices are present.', 'This VM has no graphics device.'],
    [
      4403,
      'virtualmachineinstances.subresources.kubevirt.io "vm1" is forbidden: User "bob" cannot get',
      'You are not allowed to open this console.',
    ],
    [4401, 'Unauthorized', 'Your session has expired; sign in again.'],
    [
      4404,
      'virtualmachineinstance.kubevirt.io "x" not found',
      'The VM does not exist or is not running.',
    ],
    [4413, '', 'Too much input was sent before the console opened.'],
    [4502, 'cannot reach the console: ECONNREFUSED', 'The connection to the console failed.'],
    [4503, 'service unavailable', 'The console service is not available.'],
    [4504, 'the console stopped answering', 'The console stopped responding.'],
    [1000, '', 'The console was closed.'],
    [1001, 'the server is shutting down', 'The server is restarting; reconnect in a moment.'],
    [1006, '', 'The connection to the server was lost.'],
    [4429, 'too many requests.', 'The console could not be opened (HTTP 429): too many requests.'],
    [4418, '', 'The console could not be opened (HTTP 418).'],
    [1011, 'boom', 'The console closed unexpectedly (code 1011): boom.'],
  ])('describes %i "%s" as "%s"', (code, reason, sentence) => {
    expect(describeConsoleClose(code, reason)).toBe(sentence);
  });

  it('does not read virt-api messages into normal closes', () => {
    expect(describeConsoleClose(1000, 'VMI is not running')).toBe('The console was closed.');
  });
});

import { describe, expect, it } from 'vitest';
import { serverErrorFrom } from './server-error.ts';

describe('serverErrorFrom', () => {
  it.each([
    [
      409,
      JSON.stringify({ kind: 'Status', message: 'VM is already running', reason: 'Conflict' }),
      'VM is already running',
      'Conflict',
    ],
    [404, '404 page not found', 'the server could not find the requested resource', undefined],
    [403, '', 'the server does not allow access to the requested resource', undefined],
    [
      500,
      'boom',
      'an error on the server ("boom") has prevented the request from succeeding',
      undefined,
    ],
    [
      502,
      '',
      'an error on the server ("unknown") has prevented the request from succeeding',
      undefined,
    ],
    [
      400,
      JSON.stringify({ kind: 'Status', message: '' }),
      'the server rejected our request for an unknown reason',
      undefined,
    ],
  ])('words a %i answer %j as client-go does', (code, body, message, reason) => {
    const error = serverErrorFrom(code, body);
    expect(error).toMatchObject({ code, message, reason });
  });
});

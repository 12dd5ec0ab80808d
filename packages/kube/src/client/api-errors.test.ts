import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isAlreadyExists, isConflict, isNotFound, statusCodeOf } from './api-errors.ts';

const status = (code: number, reason: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code });

describe('API error classifiers', () => {
  it.each([
    {
      name: 'a 404',
      error: new ApiException(404, 'x', status(404, 'NotFound'), {}),
      found: [true, false, false],
    },
    {
      name: 'a 409 Conflict',
      error: new ApiException(409, 'x', status(409, 'Conflict'), {}),
      found: [false, true, false],
    },
    {
      name: 'a 409 AlreadyExists',
      error: new ApiException(409, 'x', status(409, 'AlreadyExists'), {}),
      found: [false, false, true],
    },
    {
      name: 'a parsed 409 AlreadyExists body',
      error: new ApiException(409, 'x', { reason: 'AlreadyExists' }, {}),
      found: [false, false, true],
    },
    { name: 'a 500', error: new ApiException(500, 'x', 'oops', {}), found: [false, false, false] },
    { name: 'a plain Error', error: new Error('boom'), found: [false, false, false] },
    { name: 'undefined', error: undefined, found: [false, false, false] },
  ])('classifies $name', ({ error, found }) => {
    expect([isNotFound(error), isConflict(error), isAlreadyExists(error)]).toEqual(found);
  });

  it('reads the status code of a watch error', () => {
    expect(statusCodeOf(Object.assign(new Error('Gone'), { statusCode: 410 }))).toBe(410);
  });
});

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.ts';
import {
  callFailedError,
  deniedError,
  dryRunUnsupportedError,
  WebhookCallFailure,
} from './webhook-errors.ts';

describe('deniedError', () => {
  it.each<{ name: string; status: JsonObject | undefined; code: number; expected: JsonObject }>([
    {
      name: 'message and code',
      status: { code: 403, reason: 'Forbidden', message: 'no pods today' },
      code: 403,
      expected: {
        reason: 'Forbidden',
        message: 'admission webhook "w.example.com" denied the request: no pods today',
      },
    },
    {
      name: 'only a reason',
      status: { code: 422, reason: 'Invalid' },
      code: 422,
      expected: {
        reason: 'Invalid',
        message: 'admission webhook "w.example.com" denied the request: Invalid',
      },
    },
    {
      name: 'no status at all (500, as the 1.32 server answers)',
      status: undefined,
      code: 500,
      expected: {
        reason: '',
        message: 'admission webhook "w.example.com" denied the request without explanation',
      },
    },
  ])('words a denial with $name', ({ status, code, expected }) => {
    const error = deniedError('w.example.com', status);
    expect(error.code).toBe(code);
    expect(error.toStatus()).toMatchObject({ ...expected, status: 'Failure' });
  });

  it('keeps the causes the webhook gave', () => {
    const error = deniedError('w', {
      code: 422,
      message: 'bad',
      details: { causes: [{ reason: 'FieldValueInvalid', message: 'nope', field: 'spec.x' }] },
    });
    expect(error.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'nope', field: 'spec.x' },
    ]);
  });
});

describe('other webhook errors', () => {
  it('words a failed call as an internal error naming the webhook', () => {
    const error = callFailedError('w', new WebhookCallFailure('failed to call webhook: boom'));
    expect(error.code).toBe(500);
    expect(error.message).toBe(
      'Internal error occurred: failed calling webhook "w": failed to call webhook: boom',
    );
  });

  it('refuses dry run for a webhook with side effects with 400', () => {
    const error = dryRunUnsupportedError('w');
    expect(error.code).toBe(400);
    expect(error.message).toBe('admission webhook "w" does not support dry run');
  });
});

import { describe, expect, it } from 'vitest';
import { StatusError } from '../../apiserver/status-error.ts';
import { parseLogOptions } from './log-options.ts';

const now = Date.UTC(2025, 0, 1, 12);
const parse = (query: string): ReturnType<typeof parseLogOptions> =>
  parseLogOptions(new URLSearchParams(query), { pod: 'p', now });

describe('parseLogOptions', () => {
  it.each([
    ['', { follow: false, previous: false, timestamps: false }],
    [
      'follow=true&previous=1&timestamps=True&pretty=true',
      { follow: true, previous: true, timestamps: true },
    ],
    ['tailLines=0&limitBytes=10', { tailLines: 0, limitBytes: 10 }],
    ['sinceSeconds=60', { sinceMs: now - 60_000 }],
    ['sinceTime=2025-01-01T11:00:00Z', { sinceMs: Date.UTC(2025, 0, 1, 11) }],
  ])('reads %j', (query, expected) => {
    expect(parse(query)).toMatchObject(expected);
  });

  it.each([
    [
      'tailLines=-1',
      422,
      'PodLogOptions "p" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'limitBytes=0',
      422,
      'PodLogOptions "p" is invalid: limitBytes: Invalid value: 0: must be greater than 0',
    ],
    [
      'sinceSeconds=0',
      422,
      'PodLogOptions "p" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    ],
    [
      'sinceSeconds=1&sinceTime=2025-01-01T00:00:00Z',
      422,
      'PodLogOptions "p" is invalid: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    ],
    ['tailLines=ten', 400, 'tailLines: invalid value "ten": must be an integer'],
    ['sinceTime=yesterday', 400, 'sinceTime: invalid value "yesterday": must be an RFC 3339 time'],
    ['follow=maybe', 400, 'follow: invalid value "maybe": must be a boolean'],
  ])('refuses %j with %i', (query, code, message) => {
    let caught: unknown;
    try {
      parse(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusError);
    expect(caught).toMatchObject({ code, message });
  });
});

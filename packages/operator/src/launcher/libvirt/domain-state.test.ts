import { describe, expect, it } from 'vitest';
import { parseDomainState } from './domain-state.ts';

describe('parseDomainState', () => {
  it.each([
    ['running (booted)\n\n', { state: 'running', reason: 'booted' }],
    ['running (unpaused)', { state: 'running', reason: 'unpaused' }],
    ['paused (user)', { state: 'paused', reason: 'user' }],
    ['shut off (crashed)', { state: 'shutoff', reason: 'crashed' }],
    ['shut off (destroyed)', { state: 'shutoff', reason: 'destroyed' }],
    ['in shutdown (user)', { state: 'shutdown', reason: 'user' }],
    ['idle (unknown)', { state: 'blocked', reason: 'unknown' }],
    ['no state (unknown)', { state: 'nostate', reason: 'unknown' }],
  ])('parses %j', (text, state) => {
    expect(parseDomainState(text)).toEqual(state);
  });

  it.each(['running', 'exploded (loudly)', ''])('rejects %j', (text) => {
    expect(parseDomainState(text)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { PodExpectations } from './pod-expectations.ts';

describe('PodExpectations', () => {
  it('waits for a created pod until the cache shows it', () => {
    const expectations = new PodExpectations(30_000);
    expectations.created('vmi-a', 1_000);
    expect(expectations.remainingMs('vmi-a', false, 11_000)).toBe(20_000);
    expect(expectations.remainingMs('vmi-a', true, 12_000)).toBe(0);
    expect(expectations.remainingMs('vmi-a', false, 13_000)).toBe(0);
  });

  it.each([
    ['the timeout passed', 31_000, 0],
    ['nothing was created for another key', 5_000, 0],
  ])('does not wait when %s', (_why, now, expected) => {
    const expectations = new PodExpectations(30_000);
    expectations.created(now === 5_000 ? 'other' : 'vmi-a', 1_000);
    expect(expectations.remainingMs('vmi-a', false, now)).toBe(expected);
  });

  it('forgets a key', () => {
    const expectations = new PodExpectations(30_000);
    expectations.created('vmi-a', 0);
    expectations.forget('vmi-a');
    expect(expectations.remainingMs('vmi-a', false, 1)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { compareResourceVersions, isNewerResourceVersion } from './resource-version.ts';

describe('compareResourceVersions', () => {
  it.each([
    ['9', '10', -1],
    ['10', '9', 1],
    ['42', '42', 0],
    ['0', '1', -1],
    // Beyond 2^53, parseInt would call these equal.
    ['9007199254740993', '9007199254740992', 1],
    ['18446744073709551615', '18446744073709551614', 1],
  ])('orders %s against %s as %d', (a, b, sign) => {
    expect(Math.sign(compareResourceVersions(a, b) ?? Number.NaN)).toBe(sign);
  });

  it.each([
    ['abc', '1'],
    ['1', ''],
    ['01', '1'],
    ['-1', '1'],
  ])('refuses to order the opaque %j and %j', (a, b) => {
    expect(compareResourceVersions(a, b)).toBeUndefined();
  });
});

describe('isNewerResourceVersion', () => {
  it.each([
    ['11', '10', true],
    ['10', '10', false],
    ['9', '10', false],
    ['5', undefined, true],
    ['opaque', '10', true],
  ])('%j is newer than %j: %s', (candidate, current, newer) => {
    expect(isNewerResourceVersion(candidate, current)).toBe(newer);
  });
});

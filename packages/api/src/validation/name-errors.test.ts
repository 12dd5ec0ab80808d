import { describe, expect, it } from 'vitest';
import { dns1123LabelErrors, labelValueErrors, qualifiedNameErrors } from './name-errors.ts';

describe('name rules', () => {
  it.each<[(value: string) => string[], string, boolean]>([
    [dns1123LabelErrors, 'rootdisk-1', true],
    [dns1123LabelErrors, 'Root', false],
    [dns1123LabelErrors, '-disk', false],
    [dns1123LabelErrors, 'a'.repeat(64), false],
    [labelValueErrors, '', true],
    [labelValueErrors, 'My_Value.1', true],
    [labelValueErrors, 'bad value', false],
    [qualifiedNameErrors, 'kubernetes.io/hostname', true],
    [qualifiedNameErrors, 'zone', true],
    [qualifiedNameErrors, 'a/b/c', false],
    [qualifiedNameErrors, 'Bad.Prefix/name', false],
    [qualifiedNameErrors, '/name', false],
  ])('%o accepts %s: %s', (rule, value, valid) => {
    expect(rule(value).length === 0).toBe(valid);
  });
});

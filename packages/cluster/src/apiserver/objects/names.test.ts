import { describe, expect, it } from 'vitest';
import { generateName, nameProblems, nameRuleFor } from './names.ts';

describe('names', () => {
  it.each([
    ['web-1', 'subdomain', 0],
    ['a.b.c', 'subdomain', 0],
    ['Web', 'subdomain', 1],
    ['-web', 'subdomain', 1],
    ['a.b', 'label', 1],
    ['1svc', 'label1035', 1],
    ['svc-1', 'label1035', 0],
    ['system:admin', 'path-segment', 0],
    ['a/b', 'path-segment', 1],
    ['x'.repeat(64), 'label', 1],
  ] as const)('%s under %s has %i problem(s)', (name, rule, count) => {
    expect(nameProblems(name, rule)).toHaveLength(count);
  });

  it('applies the per-kind rules', () => {
    expect(nameRuleFor('Namespace')).toBe('label');
    expect(nameRuleFor('Service')).toBe('label1035');
    expect(nameRuleFor('ClusterRole')).toBe('path-segment');
    expect(nameRuleFor('VirtualMachine')).toBe('subdomain');
  });

  it('generates names from a prefix with five characters of the Kubernetes alphabet', () => {
    const name = generateName('web-');
    expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generateName('x'.repeat(80))).toHaveLength(63);
  });
});

import { describe, expect, it } from 'vitest';
import { podTemplateHash } from './pod-template-hash.ts';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'a' }] },
};

describe('podTemplateHash', () => {
  it('is stable whatever the key order and uses only the safe alphabet', () => {
    const reordered = {
      spec: { containers: [{ image: 'a', name: 'c' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(podTemplateHash(template)).toBe(podTemplateHash(reordered));
    expect(podTemplateHash(template)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });

  it('changes with the template and with the collision count', () => {
    const other = { ...template, spec: { containers: [{ name: 'c', image: 'b' }] } };
    const hashes = new Set([
      podTemplateHash(template),
      podTemplateHash(other),
      podTemplateHash(template, 0),
      podTemplateHash(template, 1),
    ]);
    expect(hashes.size).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref.ts';

describe('parseImageRef', () => {
  it.each([
    ['podvisor.local/tiny', 'podvisor.local/tiny', 'tiny'],
    ['podvisor.local/tiny:latest', 'podvisor.local/tiny', 'tiny'],
    ['podvisor.local/debian:12', 'podvisor.local/debian:12', 'podvisor.local+debian=12'],
    ['podvisor.local/a/b', 'podvisor.local/a/b', 'podvisor.local+a+b'],
    [
      'quay.io/containerdisks/fedora:39',
      'quay.io/containerdisks/fedora:39',
      'quay.io+containerdisks+fedora=39',
    ],
    ['localhost:5000/disk', 'localhost:5000/disk', 'localhost=5000+disk'],
    ['fedora', 'docker.io/library/fedora', 'docker.io+library+fedora'],
    [
      'kubevirt/cirros-container-disk-demo:latest',
      'docker.io/kubevirt/cirros-container-disk-demo',
      'docker.io+kubevirt+cirros-container-disk-demo',
    ],
    [
      `r.io/x:latest@sha256:${'a'.repeat(64)}`,
      `r.io/x:latest@sha256:${'a'.repeat(64)}`,
      `r.io+x=latest@sha256=${'a'.repeat(64)}`,
    ],
  ])('normalizes %s to %s in directory %s', (input, normalized, dirName) => {
    expect(parseImageRef(input)).toEqual({ ok: true, ref: { normalized, dirName } });
  });

  it('gives podvisor.local/tiny and a bare tiny different directories', () => {
    const local = parseImageRef('podvisor.local/tiny');
    const bare = parseImageRef('tiny');
    expect(local.ok && bare.ok && local.ref.dirName !== bare.ref.dirName).toBe(true);
  });

  it.each([
    '',
    'Podvisor.local/UPPER',
    'podvisor.local/tiny:',
    'a//b',
    '../etc',
    'x y',
    'podvisor.local/.cache',
  ])('refuses %j with a message naming it', (input) => {
    const parsed = parseImageRef(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(JSON.stringify(input));
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageRepository, resolveImage } from './image-catalog.ts';

describe('imageRepository', () => {
  it.each([
    ['busybox', 'busybox'],
    ['busybox:1.36', 'busybox'],
    ['docker.io/library/busybox@sha256:abc', 'docker.io/library/busybox'],
    ['localhost:5000/podvisor/virt-api:dev', 'localhost:5000/podvisor/virt-api'],
  ])('of %s is %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});

describe('resolveImage', () => {
  const checkoutDir = mkdtempSync(join(tmpdir(), 'podvisor-catalog-'));
  mkdirSync(join(checkoutDir, 'apps/bff/src'), { recursive: true });
  writeFileSync(join(checkoutDir, 'apps/bff/src/main.ts'), '');
  mkdirSync(join(checkoutDir, 'packages/operator/src/cmd'), { recursive: true });
  writeFileSync(join(checkoutDir, 'packages/operator/src/cmd/virt-launcher.ts'), '');
  const options = { checkoutDir, busybox: '/bin/busybox', podman: undefined };

  it.each(['busybox', 'busybox:latest', 'docker.io/library/busybox:1.36'])(
    'runs %s with busybox',
    (image) => {
      expect(resolveImage(image, options)).toEqual({ kind: 'busybox', binary: '/bin/busybox' });
    },
  );

  it('runs a Podvisor component from the checkout', () => {
    expect(resolveImage('quay.io/podvisor/console:v1', options)).toEqual({
      kind: 'component',
      component: 'console',
      entrypoint: join(checkoutDir, 'apps/bff/src/main.ts'),
      binaries: { console: join(checkoutDir, 'apps/bff/src/main.ts') },
    });
  });

  it('lists every binary of a component image, whether or not the checkout has it yet', () => {
    const cmd = join(checkoutDir, 'packages/operator/src/cmd');
    expect(resolveImage('localhost:5000/podvisor/virt-launcher:dev', options)).toEqual({
      kind: 'component',
      component: 'virt-launcher',
      entrypoint: join(cmd, 'virt-launcher.ts'),
      binaries: {
        'virt-launcher': join(cmd, 'virt-launcher.ts'),
        'virt-tail': join(cmd, 'virt-tail.ts'),
      },
    });
  });

  it.each([
    ['ghcr.io/podvisor/virt-api:v1', 'does not exist in this checkout yet'],
    ['ghcr.io/podvisor/unknown:v1', 'is not a Podvisor component'],
    ['nginx:1.27', 'Install podman, then import the image'],
  ])('cannot run %s here', (image, message) => {
    const resolution = resolveImage(image, options);
    expect(resolution.kind).toBe('unavailable');
    expect(resolution.kind === 'unavailable' ? resolution.message : '').toContain(message);
  });
});

import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterIdOf } from './cluster-id.ts';
import { checkClusterId } from './network-names.ts';

describe('clusterIdOf', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-id-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a valid cluster id, the same for a path and a symlink to it', () => {
    const link = join(dir, 'link');
    symlinkSync(dir, link);
    expect(checkClusterId(clusterIdOf(dir))).toMatch(/^[0-9a-f]{8}$/);
    expect(clusterIdOf(link)).toBe(clusterIdOf(dir));
  });

  it('differs between data directories, also ones that do not exist yet', () => {
    expect(clusterIdOf(join(dir, 'a'))).not.toBe(clusterIdOf(join(dir, 'b')));
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGuestImage } from './build-guest-image.ts';
import { GuestImageError } from './guest-image-error.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'build-test-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('buildGuestImage', () => {
  it.each([
    ['debian', /debian image cannot be built yet: building it is not available yet \(issue #6\)/],
    ['windows', /no recipe for an image named "windows" \(buildable: tiny\)/],
  ])('refuses to build %s before touching apt', async (name, message) => {
    const lines: string[] = [];
    const build = buildGuestImage({ name, dataDir, progress: (l) => lines.push(l) });
    await expect(build).rejects.toThrow(GuestImageError);
    await expect(build).rejects.toThrow(message);
    expect(lines).toEqual([]);
  });
});

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
    ['windows', /no recipe for an image named "windows" \(buildable: tiny, debian\)/],
    ['', /no recipe for an image named "" \(buildable: tiny, debian\)/],
  ])('refuses to build %j before touching apt', async (name, message) => {
    const lines: string[] = [];
    const build = buildGuestImage({ name, dataDir, progress: (l) => lines.push(l) });
    await expect(build).rejects.toThrow(GuestImageError);
    await expect(build).rejects.toThrow(message);
    expect(lines).toEqual([]);
  });
});

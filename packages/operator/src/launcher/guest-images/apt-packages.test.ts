import { describe, expect, it } from 'vitest';
import { type AptPackage, debFileName, metapackageTarget, parseAptShow } from './apt-packages.ts';
import { GuestImageError } from './guest-image-error.ts';

const show = `Package: busybox-static
Version: 1:1.35.0-4+deb12u1+b1
Architecture: amd64
Depends: libc6 (>= 2.34)
Description: Standalone rescue shell
 with tons of builtin utilities
Size: 928188
SHA256: 0123abcd

Package: busybox-static
Version: 1:1.30.1-6
`;

describe('parseAptShow', () => {
  it('reads each stanza of apt-cache show that names a package', () => {
    expect(parseAptShow(show)).toEqual([
      {
        name: 'busybox-static',
        version: '1:1.35.0-4+deb12u1+b1',
        architecture: 'amd64',
        size: 928188,
        sha256: '0123abcd',
        depends: 'libc6 (>= 2.34)',
      },
    ]);
  });

  it('gives nothing when apt printed no package', () => {
    expect(parseAptShow('')).toEqual([]);
  });
});

const pkg = (name: string, version: string, depends = ''): AptPackage => ({
  name,
  version,
  architecture: 'amd64',
  size: 1,
  sha256: '',
  depends,
});

describe('debFileName', () => {
  it("uses apt's file name with the epoch colon escaped", () => {
    expect(debFileName(pkg('busybox-static', '1:1.35.0-4'))).toBe(
      'busybox-static_1%3a1.35.0-4_amd64.deb',
    );
  });
});

describe('metapackageTarget', () => {
  const kernel = pkg('linux-image-6.1.0-56-cloud-amd64', '6.1.192-2');
  const found = new Map([[kernel.name, kernel]]);

  it('follows the metapackage to the versioned package it depends on', async () => {
    const meta = pkg(
      'linux-image-cloud-amd64',
      '6.1.192-2',
      'linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2)',
    );
    await expect(metapackageTarget(meta, { prefix: 'linux-image-', found })).resolves.toBe(kernel);
  });

  it('names the metapackage when it depends on nothing matching', async () => {
    const meta = pkg('linux-image-cloud-amd64', '1', 'libc6');
    await expect(metapackageTarget(meta, { prefix: 'linux-image-', found })).rejects.toThrow(
      GuestImageError,
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { AptPackage } from './apt-packages.ts';
import { versionDrift } from './build-debian-image.ts';

function pkg(name: string, version: string): AptPackage {
  return { name, version, architecture: 'amd64', size: 1, sha256: 'x', depends: '' };
}

describe('versionDrift', () => {
  const expected = [pkg('cloud-init', '22.4.2-1+deb12u4'), pkg('udev', '252.39-1~deb12u2')];

  it.each<[string, Record<string, string>, string[]]>([
    [
      'the guest has what apt resolved here',
      { 'cloud-init': '22.4.2-1+deb12u4', udev: '252.39-1~deb12u2' },
      [],
    ],
    ['dpkg-query did not list a package', { udev: '252.39-1~deb12u2' }, []],
    [
      'the mirror had a newer cloud-init',
      { 'cloud-init': '22.4.2-1+deb12u5', udev: '252.39-1~deb12u2' },
      [
        "note: the guest got cloud-init 22.4.2-1+deb12u5, apt's lists here say 22.4.2-1+deb12u4 (apt-get update refreshes them)",
      ],
    ],
  ])('reports nothing or each differing package when %s', (_, installed, lines) => {
    expect(versionDrift(expected, new Map(Object.entries(installed)))).toEqual(lines);
  });
});

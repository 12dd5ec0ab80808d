import { describe, expect, it } from 'vitest';
import { ancestorsOf, maySearch } from './grant-search.ts';

const qemu = { uid: 64055, gid: 64055 };

describe('ancestorsOf', () => {
  it('lists every directory from the root down', () => {
    expect(ancestorsOf('/root/.podvisor/nodes')).toEqual([
      '/',
      '/root',
      '/root/.podvisor',
      '/root/.podvisor/nodes',
    ]);
  });
});

describe('maySearch', () => {
  it.each([
    { dir: { mode: 0o700, uid: 0, gid: 0 }, may: false },
    { dir: { mode: 0o711, uid: 0, gid: 0 }, may: true },
    { dir: { mode: 0o750, uid: 0, gid: 64055 }, may: true },
    { dir: { mode: 0o705, uid: 0, gid: 64055 }, may: false },
    { dir: { mode: 0o700, uid: 64055, gid: 0 }, may: true },
    { dir: { mode: 0o077, uid: 64055, gid: 0 }, may: false },
  ])('mode $dir.mode owned by $dir.uid:$dir.gid → $may', ({ dir, may }) => {
    expect(maySearch(dir, qemu)).toBe(may);
  });
});

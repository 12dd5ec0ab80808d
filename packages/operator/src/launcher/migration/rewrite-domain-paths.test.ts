import { describe, expect, it } from 'vitest';
import { rewriteDomainPaths } from './rewrite-domain-paths.ts';

const xml = `<domain>
  <os><kernel>/data-a/images/tiny/vmlinuz</kernel></os>
  <source mode='bind' path='/pods/a/vm/serial.sock'/>
  <log file="/pods/a/vm/serial.log"/>
  <graphics type='vnc' socket='/pods/a/vm/vnc.sock'/>
  <source file='/pods/a/vm2/other.img'/>
  <source file='/pods/a/vm'/>
</domain>`;

describe('rewriteDomainPaths', () => {
  it('moves whole path components only, in attributes and text', () => {
    const moved = rewriteDomainPaths(xml, [
      { from: '/pods/a/vm', to: '/pods/b/vm' },
      { from: '/data-a/images/', to: '/data-b/images' },
    ]);
    expect(moved).toContain('<kernel>/data-b/images/tiny/vmlinuz</kernel>');
    expect(moved).toContain("path='/pods/b/vm/serial.sock'");
    expect(moved).toContain('file="/pods/b/vm/serial.log"');
    expect(moved).toContain("socket='/pods/b/vm/vnc.sock'");
    expect(moved).toContain("file='/pods/a/vm2/other.img'");
    expect(moved).toContain("file='/pods/b/vm'");
  });

  it.each([
    ['the same directory', { from: '/pods/a/vm', to: '/pods/a/vm/' }],
    ['an empty prefix', { from: '/', to: '/elsewhere' }],
  ])('leaves the XML alone for %s', (_name, move) => {
    expect(rewriteDomainPaths(xml, [move])).toBe(xml);
  });

  it('treats regex characters in paths literally', () => {
    const odd = "<source file='/p/a+b/vm/x'/><source file='/p/aab/vm/x'/>";
    expect(rewriteDomainPaths(odd, [{ from: '/p/a+b', to: '/q' }])).toBe(
      "<source file='/q/vm/x'/><source file='/p/aab/vm/x'/>",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, renderXml, XmlCharacterError } from './xml-writer.ts';

describe('escapeXmlText', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<tag>', '&lt;tag&gt;'],
    [`it's "quoted"`, `it's "quoted"`],
    ['tab\tand\nnewline', 'tab\tand\nnewline'],
    ['ünïcødé ✓', 'ünïcødé ✓'],
  ])('escapes %j as %j', (text, expected) => {
    expect(escapeXmlText(text)).toBe(expected);
  });
});

describe('escapeXmlAttribute', () => {
  it.each([
    [`it's`, 'it&apos;s'],
    [`say "hi"`, `say "hi"`],
    ['a&b<c>', 'a&amp;b&lt;c&gt;'],
    ['line\nbreak\ttab\rcr', 'line&#10;break&#9;tab&#13;cr'],
  ])('escapes %j as %j', (value, expected) => {
    expect(escapeXmlAttribute(value)).toBe(expected);
  });
});

describe('renderXml', () => {
  it('indents children, self-closes empty elements and keeps text inline', () => {
    const xml = renderXml({
      name: 'domain',
      attributes: { type: 'qemu' },
      children: [
        { name: 'name', children: ['a<b'] },
        { name: 'memory', attributes: { unit: 'KiB' }, children: ['1024'] },
        { name: 'devices', children: [{ name: 'panic', attributes: { model: 'isa' } }] },
      ],
    });
    expect(xml).toBe(
      [
        "<domain type='qemu'>",
        '  <name>a&lt;b</name>',
        "  <memory unit='KiB'>1024</memory>",
        '  <devices>',
        "    <panic model='isa'/>",
        '  </devices>',
        '</domain>',
        '',
      ].join('\n'),
    );
  });

  it('leaves out undefined attributes and children', () => {
    const xml = renderXml({
      name: 'a',
      attributes: { x: undefined, y: 2 },
      children: [undefined, { name: 'b' }, undefined],
    });
    expect(xml).toBe("<a y='2'>\n  <b/>\n</a>\n");
  });

  it('escapes attribute values', () => {
    expect(renderXml({ name: 'arg', attributes: { value: `{"a":"it's"}` } })).toBe(
      `<arg value='{"a":"it&apos;s"}'/>\n`,
    );
  });

  it.each([
    ['text', { name: 'a', children: ['bell\u0007'] }, /U\+0007/],
    ['an attribute', { name: 'a', attributes: { v: 'nul\u0000' } }, /U\+0000/],
    ['an element name', { name: 'bad name' }, /'bad name' is not a valid XML name/],
    ['an attribute name', { name: 'a', attributes: { '1x': 'v' } }, /'1x' is not a valid XML name/],
  ])('refuses what XML cannot carry in %s', (_where, element, message) => {
    expect(() => renderXml(element)).toThrow(XmlCharacterError);
    expect(() => renderXml(element)).toThrow(message);
  });
});

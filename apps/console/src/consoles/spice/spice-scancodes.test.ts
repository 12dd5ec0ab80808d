import { describe, expect, it } from 'vitest';
import { comboScancodes, textScancodes, type SpiceKeyEvent } from './spice-scancodes.ts';

const down = (code: number): SpiceKeyEvent => ({ down: true, code });
const up = (code: number): SpiceKeyEvent => ({ down: false, code });
const press = (code: number): SpiceKeyEvent[] => [down(code), up(code | 0x80)];
const shiftDown = down(0x2a);
const shiftUp = up(0xaa);

describe('comboScancodes', () => {
  it.each([
    // Ctrl, Alt, then Delete with its E0 prefix (the u32's first byte), released in reverse.
    ['ctrl-alt-del', [down(0x1d), down(0x38), down(0x53e0), up(0xd3e0), up(0xb8), up(0x9d)]],
    ['ctrl-alt-f1', [down(0x1d), down(0x38), down(0x3b), up(0xbb), up(0xb8), up(0x9d)]],
    ['ctrl-alt-f2', [down(0x1d), down(0x38), down(0x3c), up(0xbc), up(0xb8), up(0x9d)]],
    ['ctrl-alt-backspace', [down(0x1d), down(0x38), down(0x0e), up(0x8e), up(0xb8), up(0x9d)]],
    ['print-screen', [down(0x37e0), up(0xb7e0)]],
  ] as const)('presses %s as set 1 scancodes', (combo, events) => {
    expect(comboScancodes(combo)).toEqual(events);
  });
});

describe('textScancodes', () => {
  it.each([
    ['a', press(0x1e)],
    ['z', press(0x2c)],
    ['1', press(0x02)],
    ['0', press(0x0b)],
    [' ', press(0x39)],
    ['-', press(0x0c)],
    ['/', press(0x35)],
    ["'", press(0x28)],
    ['`', press(0x29)],
    ['\\', press(0x2b)],
    ['\t', press(0x0f)],
    ['\n', press(0x1c)],
  ])('types %j without Shift', (text, events) => {
    expect(textScancodes(text)).toEqual({ events, unsupported: [] });
  });

  it.each([
    ['A', 0x1e],
    ['Z', 0x2c],
    ['!', 0x02],
    ['@', 0x03],
    [')', 0x0b],
    ['_', 0x0c],
    ['+', 0x0d],
    ['{', 0x1a],
    ['}', 0x1b],
    [':', 0x27],
    ['"', 0x28],
    ['~', 0x29],
    ['|', 0x2b],
    ['<', 0x33],
    ['>', 0x34],
    ['?', 0x35],
  ])('types %j inside Shift', (text, scan) => {
    expect(textScancodes(text).events).toEqual([shiftDown, ...press(scan), shiftUp]);
  });

  it('types every printable ASCII character', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const { events, unsupported } = textScancodes(printable.join(''));
    expect(unsupported).toEqual([]);
    const keyPresses = events.filter((event) => event.down && event.code !== 0x2a);
    expect(keyPresses).toHaveLength(printable.length);
  });

  it('types a line in order, with one Enter for CRLF', () => {
    expect(textScancodes('ls -l\r\n').events).toEqual([
      ...press(0x26),
      ...press(0x1f),
      ...press(0x39),
      ...press(0x0c),
      ...press(0x26),
      ...press(0x1c),
    ]);
  });

  it('skips characters no US key types and lists each once', () => {
    const { events, unsupported } = textScancodes('é1é€');
    expect(events).toEqual(press(0x02));
    expect(unsupported).toEqual(['é', '€']);
  });
});

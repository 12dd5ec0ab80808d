import { describe, expect, it } from 'vitest';
import { comboKeyEvents, keyComboIds, keyCombos, typedKeys, type KeyCombo } from './key-combos.ts';

describe('comboKeyEvents', () => {
  it('presses Ctrl+Alt+Del in order and releases in reverse', () => {
    expect(comboKeyEvents('ctrl-alt-del')).toEqual([
      { keysym: 0xffe3, code: 'ControlLeft', down: true },
      { keysym: 0xffe9, code: 'AltLeft', down: true },
      { keysym: 0xffff, code: 'Delete', down: true },
      { keysym: 0xffff, code: 'Delete', down: false },
      { keysym: 0xffe9, code: 'AltLeft', down: false },
      { keysym: 0xffe3, code: 'ControlLeft', down: false },
    ]);
  });

  it.each([
    ['ctrl-alt-f1', [0xffe3, 0xffe9, 0xffbe], ['ControlLeft', 'AltLeft', 'F1']],
    ['ctrl-alt-f2', [0xffe3, 0xffe9, 0xffbf], ['ControlLeft', 'AltLeft', 'F2']],
    ['ctrl-alt-backspace', [0xffe3, 0xffe9, 0xff08], ['ControlLeft', 'AltLeft', 'Backspace']],
    ['print-screen', [0xff61], ['PrintScreen']],
  ] as const)('presses %s as keysyms %j', (combo: KeyCombo, syms, codes) => {
    const downs = comboKeyEvents(combo).filter((event) => event.down);
    expect(downs.map((event) => event.keysym)).toEqual(syms);
    expect(downs.map((event) => event.code)).toEqual(codes);
  });

  it('offers every combination with a label', () => {
    expect(keyComboIds.map((id) => keyCombos[id].label)).toEqual([
      'Ctrl+Alt+Del',
      'Ctrl+Alt+F1',
      'Ctrl+Alt+F2',
      'Ctrl+Alt+Backspace',
      'Print Screen',
    ]);
  });
});

describe('typedKeys', () => {
  it('types printable ASCII as its code point, leaving the key to the server', () => {
    expect(typedKeys('aZ ~').keys).toEqual([
      { keysym: 0x61, code: null },
      { keysym: 0x5a, code: null },
      { keysym: 0x20, code: null },
      { keysym: 0x7e, code: null },
    ]);
  });

  it.each([
    ['\n', 1],
    ['\r', 1],
    ['\r\n', 1],
    ['\n\n', 2],
  ])('types %j as %i Enter', (text, count) => {
    expect(typedKeys(text).keys).toEqual(Array(count).fill({ keysym: 0xff0d, code: 'Enter' }));
  });

  it('types a tab as Tab', () => {
    expect(typedKeys('\t').keys).toEqual([{ keysym: 0xff09, code: 'Tab' }]);
  });

  it('reports each character it cannot type once, and types the rest', () => {
    const typed = typedKeys('café ☕ é\u0007x');
    expect(typed.unsupported).toEqual(['é', '☕', '\u0007']);
    expect(typed.keys.map((key) => String.fromCodePoint(key.keysym)).join('')).toBe('caf  x');
  });
});

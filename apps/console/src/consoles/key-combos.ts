/** The special key combinations the display toolbar offers. */
export type KeyCombo =
  'ctrl-alt-del' | 'ctrl-alt-f1' | 'ctrl-alt-f2' | 'ctrl-alt-backspace' | 'print-screen';

/**
 * One key: its X11 keysym and the physical key (a `KeyboardEvent.code`, which noVNC's
 * `sendKey(keysym, code)` turns into a PC scancode), or null to let the server map the keysym.
 */
export interface KeyStroke {
  readonly keysym: number;
  readonly code: string | null;
}

/** X11 keysyms this module uses. */
export const keysyms = {
  BackSpace: 0xff08,
  Tab: 0xff09,
  Return: 0xff0d,
  Print: 0xff61,
  F1: 0xffbe,
  F2: 0xffbf,
  Control_L: 0xffe3,
  Alt_L: 0xffe9,
  Delete: 0xffff,
} as const;

const controlLeft: KeyStroke = { keysym: keysyms.Control_L, code: 'ControlLeft' };
const altLeft: KeyStroke = { keysym: keysyms.Alt_L, code: 'AltLeft' };

/**
 * Each combination's keys in the order they go down (they come up in reverse), with its label
 * for menus.
 */
export const keyCombos: Readonly<
  Record<KeyCombo, { readonly label: string; readonly keys: readonly KeyStroke[] }>
> = {
  'ctrl-alt-del': {
    label: 'Ctrl+Alt+Del',
    keys: [controlLeft, altLeft, { keysym: keysyms.Delete, code: 'Delete' }],
  },
  'ctrl-alt-f1': {
    label: 'Ctrl+Alt+F1',
    keys: [controlLeft, altLeft, { keysym: keysyms.F1, code: 'F1' }],
  },
  'ctrl-alt-f2': {
    label: 'Ctrl+Alt+F2',
    keys: [controlLeft, altLeft, { keysym: keysyms.F2, code: 'F2' }],
  },
  'ctrl-alt-backspace': {
    label: 'Ctrl+Alt+Backspace',
    keys: [controlLeft, altLeft, { keysym: keysyms.BackSpace, code: 'Backspace' }],
  },
  'print-screen': {
    label: 'Print Screen',
    keys: [{ keysym: keysyms.Print, code: 'PrintScreen' }],
  },
};

/** Every combination, in menu order. */
export const keyComboIds: readonly KeyCombo[] = [
  'ctrl-alt-del',
  'ctrl-alt-f1',
  'ctrl-alt-f2',
  'ctrl-alt-backspace',
  'print-screen',
];

/** A key event: one key going down or up. */
export interface KeyEvent extends KeyStroke {
  readonly down: boolean;
}

/** The events that press `combo`: every key down in order, then up in reverse order. */
export function comboKeyEvents(combo: KeyCombo): readonly KeyEvent[] {
  const { keys } = keyCombos[combo];
  return [
    ...keys.map((key) => ({ ...key, down: true })),
    ...keys.toReversed().map((key) => ({ ...key, down: false })),
  ];
}

/** What {@link typedKeys} makes of a text. */
export interface TypedKeys {
  /** One stroke per typable character, in order (press and release each). */
  readonly keys: readonly KeyStroke[];
  /** Each character that cannot be typed (once, in order of appearance); it is skipped. */
  readonly unsupported: readonly string[];
}

const enter: KeyStroke = { keysym: keysyms.Return, code: 'Enter' };
const tab: KeyStroke = { keysym: keysyms.Tab, code: 'Tab' };

/** The stroke for one character, or undefined when it cannot be typed. */
function strokeFor(char: string): KeyStroke | undefined {
  if (char === '\n' || char === '\r') return enter;
  if (char === '\t') return tab;
  const point = char.codePointAt(0) ?? 0;
  // Printable ASCII: the keysym is the code point; the server picks the key (and Shift).
  if (point >= 0x20 && point <= 0x7e) return { keysym: point, code: null };
  return undefined;
}

/**
 * The keystrokes that type `text` on a US keyboard: printable ASCII, Enter (for `\n`, `\r` or
 * `\r\n`) and Tab; other characters are listed in `unsupported`, not typed.
 */
export function typedKeys(text: string): TypedKeys {
  const keys: KeyStroke[] = [];
  const unsupported: string[] = [];
  const normalized = text.replaceAll('\r\n', '\n');
  for (const char of normalized) {
    const stroke = strokeFor(char);
    if (stroke !== undefined) keys.push(stroke);
    else if (!unsupported.includes(char)) unsupported.push(char);
  }
  return { keys, unsupported };
}

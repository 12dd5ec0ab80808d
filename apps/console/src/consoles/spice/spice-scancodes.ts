import { comboKeyEvents, typedKeys, type KeyCombo } from '../key-combos.ts';

/**
 * One key event for SPICE's inputs channel: `down` picks KEY_DOWN or KEY_UP, `code` is the PC AT
 * set 1 scancode bytes as one little-endian u32 (the E0 prefix of an extended key first), the
 * way spice-server reads them.
 */
export interface SpiceKeyEvent {
  readonly down: boolean;
  readonly code: number;
}

/**
 * Set 1 make codes of the keys this viewer types, named as spice-html5's `atKeynames.js` names
 * them without the `KEY_` prefix (a test checks the two tables agree).
 */
export const atScancodes = {
  '1': 0x02,
  '2': 0x03,
  '3': 0x04,
  '4': 0x05,
  '5': 0x06,
  '6': 0x07,
  '7': 0x08,
  '8': 0x09,
  '9': 0x0a,
  '0': 0x0b,
  Minus: 0x0c,
  Equal: 0x0d,
  BackSpace: 0x0e,
  Tab: 0x0f,
  Q: 0x10,
  W: 0x11,
  E: 0x12,
  R: 0x13,
  T: 0x14,
  Y: 0x15,
  U: 0x16,
  I: 0x17,
  O: 0x18,
  P: 0x19,
  LBrace: 0x1a,
  RBrace: 0x1b,
  Enter: 0x1c,
  LCtrl: 0x1d,
  A: 0x1e,
  S: 0x1f,
  D: 0x20,
  F: 0x21,
  G: 0x22,
  H: 0x23,
  J: 0x24,
  K: 0x25,
  L: 0x26,
  SemiColon: 0x27,
  Quote: 0x28,
  Tilde: 0x29,
  ShiftL: 0x2a,
  BSlash: 0x2b,
  Z: 0x2c,
  X: 0x2d,
  C: 0x2e,
  V: 0x2f,
  B: 0x30,
  N: 0x31,
  M: 0x32,
  Comma: 0x33,
  Period: 0x34,
  Slash: 0x35,
  Alt: 0x38,
  Space: 0x39,
  F1: 0x3b,
  F2: 0x3c,
} as const;

type AtKey = keyof typeof atScancodes;

/** A physical key: its set 1 make code, and whether it sends the E0 prefix. */
interface PcKey {
  readonly scan: number;
  readonly extended: boolean;
}

const plain = (name: AtKey): PcKey => ({ scan: atScancodes[name], extended: false });

/** The `KeyboardEvent.code`s the shared key combinations use, as PC keys. */
const keysByCode: Readonly<Record<string, PcKey>> = {
  ControlLeft: plain('LCtrl'),
  AltLeft: plain('Alt'),
  Backspace: plain('BackSpace'),
  F1: plain('F1'),
  F2: plain('F2'),
  Enter: plain('Enter'),
  Tab: plain('Tab'),
  // Extended keys. QEMU's keyboard emulation adds Print Screen's fake-shift bytes itself.
  Delete: { scan: 0x53, extended: true },
  PrintScreen: { scan: 0x37, extended: true },
};

/** Characters typed without Shift on a US keyboard. */
const unshifted = "1234567890-=qwertyuiop[]asdfghjkl;'`\\zxcvbnm,./ ";
/** The same keys with Shift, position for position. */
const shifted = '!@#$%^&*()_+QWERTYUIOP{}ASDFGHJKL:"~|ZXCVBNM<>? ';
/** The key names of those positions. */
const keyOrder: readonly AtKey[] = [
  ...(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 'Minus', 'Equal'] as const),
  ...(['Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', 'LBrace', 'RBrace'] as const),
  ...(['A', 'S', 'D', 'F', 'G', 'H', 'J', 'K', 'L', 'SemiColon', 'Quote', 'Tilde'] as const),
  ...(['BSlash', 'Z', 'X', 'C', 'V', 'B', 'N', 'M', 'Comma', 'Period', 'Slash', 'Space'] as const),
];

/** What typing one printable ASCII character takes: a key, with or without Shift. */
interface TypedChar {
  readonly key: PcKey;
  readonly shift: boolean;
}

function charTable(): ReadonlyMap<string, TypedChar> {
  const table = new Map<string, TypedChar>();
  keyOrder.forEach((name, index) => {
    const key = plain(name);
    table.set(shifted.charAt(index), { key, shift: true });
    table.set(unshifted.charAt(index), { key, shift: false });
  });
  return table;
}

const typedChars = charTable();

function keyDown(key: PcKey): SpiceKeyEvent {
  return { down: true, code: key.extended ? 0xe0 | (key.scan << 8) : key.scan };
}

function keyUp(key: PcKey): SpiceKeyEvent {
  const scan = key.scan | 0x80;
  return { down: false, code: key.extended ? 0xe0 | (scan << 8) : scan };
}

/** The key events that press `combo`: every key down in order, then up in reverse order. */
export function comboScancodes(combo: KeyCombo): readonly SpiceKeyEvent[] {
  return comboKeyEvents(combo).map((event) => {
    const key = event.code === null ? undefined : keysByCode[event.code];
    if (key === undefined) throw new Error(`no PC scancode for the key ${String(event.code)}`);
    return event.down ? keyDown(key) : keyUp(key);
  });
}

/** What {@link textScancodes} makes of a text. */
export interface TypedScancodes {
  /** Every key event, in order: each character pressed and released, inside Shift if needed. */
  readonly events: readonly SpiceKeyEvent[];
  /** The characters that cannot be typed (once each, in order of appearance); they are skipped. */
  readonly unsupported: readonly string[];
}

const shiftKey = plain('ShiftL');

function charEvents(typed: TypedChar): SpiceKeyEvent[] {
  const press = [keyDown(typed.key), keyUp(typed.key)];
  return typed.shift ? [keyDown(shiftKey), ...press, keyUp(shiftKey)] : press;
}

/**
 * The key events that type `text` on a US keyboard: printable ASCII (with Shift where the
 * character needs it), Enter for a line break and Tab; anything else is listed in `unsupported`
 * (the same characters the paste dialog lists).
 */
export function textScancodes(text: string): TypedScancodes {
  const { keys, unsupported } = typedKeys(text);
  const events: SpiceKeyEvent[] = [];
  for (const stroke of keys) {
    const special = stroke.code === null ? undefined : keysByCode[stroke.code];
    const typed =
      special === undefined
        ? typedChars.get(String.fromCodePoint(stroke.keysym))
        : { key: special, shift: false };
    if (typed !== undefined) events.push(...charEvents(typed));
  }
  return { events, unsupported };
}

const escape = '\u001b';
const bell = '\u0007';

// After ESC: a CSI sequence (`[`, parameters, intermediates, one final byte).
const csiSequence = /^\[[0-?]*[ -/]*[@-~]/;

/** `chunk` (what followed an ESC) without the escape sequence it starts with. */
function afterEscape(chunk: string): string {
  if (chunk.startsWith('[')) return chunk.replace(csiSequence, '');
  if (chunk.startsWith(']')) {
    // OSC (window title…): up to BEL; an `ESC \` terminator is the next chunk's `\`.
    const end = chunk.indexOf(bell);
    return end < 0 ? '' : chunk.slice(end + 1);
  }
  // Character-set selection (`ESC ( B`) takes two bytes, other escapes one.
  if (chunk.startsWith('(') || chunk.startsWith(')')) return chunk.slice(2);
  return chunk.slice(1);
}

function isShown(char: string): boolean {
  return char === '\n' || char === '\t' || char.charCodeAt(0) >= 32;
}

/**
 * A guest's serial log as plain text: terminal escape sequences (colours, cursor moves, titles)
 * removed, CRLF turned into LF, and other control characters dropped.
 */
export function cleanSerialLog(text: string): string {
  const [first = '', ...rest] = text.split(escape);
  const joined = first + rest.map(afterEscape).join('');
  let shown = '';
  for (const char of joined.replaceAll('\r\n', '\n')) if (isShown(char)) shown += char;
  return shown;
}

import { describe, expect, it } from 'vitest';
import { cleanSerialLog } from './clean-serial-log.ts';

const esc = '\u001b';

describe('cleanSerialLog', () => {
  it.each([
    ['plain text', 'login: \nPassword:', 'login: \nPassword:'],
    ['CRLF line ends', 'one\r\ntwo\r\n', 'one\ntwo\n'],
    ['colours', `${esc}[0;32m  OK  ${esc}[0m Started`, '  OK   Started'],
    ['cursor moves', `${esc}[2J${esc}[H${esc}[?25lboot`, 'boot'],
    ['a window title', `${esc}]0;fedora@vm\u0007$ ls`, '$ ls'],
    ['an unterminated title', `text${esc}]0;title`, 'text'],
    ['a charset selection', `${esc}(Bmenu`, 'menu'],
    ['a two-byte escape', `${esc}cReset`, 'Reset'],
    ['other control characters', 'bell\u0007 back\b tab\tend\r', 'bell back tab\tend'],
    ['non-ASCII text', 'Grüße ✓ 日本', 'Grüße ✓ 日本'],
  ])('keeps the text of %s', (_case, raw, clean) => {
    expect(cleanSerialLog(raw)).toBe(clean);
  });
});

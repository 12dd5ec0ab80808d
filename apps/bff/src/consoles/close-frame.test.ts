import { describe, expect, it } from 'vitest';
import {
  closeFrame,
  isSendableCloseCode,
  maxCloseReasonBytes,
  truncateCloseReason,
} from './close-frame.ts';

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

describe('isSendableCloseCode', () => {
  it.each([1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4000, 4409, 4999])(
    'accepts %i',
    (code) => {
      expect(isSendableCloseCode(code)).toBe(true);
    },
  );

  it.each([0, 999, 1004, 1005, 1006, 1015, 2000, 2999, 5000, 4000.5])('rejects %d', (code) => {
    expect(isSendableCloseCode(code)).toBe(false);
  });
});

describe('truncateCloseReason', () => {
  it('keeps a short reason as it is', () => {
    expect(truncateCloseReason('VMI is not running')).toBe('VMI is not running');
  });

  it.each([
    ['ASCII', 'a'],
    ['two-byte characters', 'é'],
    ['three-byte characters', '€'],
    ['four-byte characters', '😀'],
  ])('cuts %s to at most 123 bytes without splitting one', (_name, char) => {
    const cut = truncateCloseReason(char.repeat(200));
    expect(utf8Length(cut)).toBeLessThanOrEqual(maxCloseReasonBytes);
    expect(utf8Length(cut)).toBeGreaterThan(maxCloseReasonBytes - utf8Length(char));
    expect(cut).toBe(char.repeat(cut.length / char.length));
  });
});

describe('closeFrame', () => {
  it.each([
    [4409, 4409],
    [1000, 1000],
    [1005, 1000],
    [1006, 1000],
  ])('sends %i as %i', (code, sent) => {
    expect(closeFrame(code, 'why').code).toBe(sent);
  });

  it('uses the given fallback for a code that cannot be sent', () => {
    expect(closeFrame(1006, '', 4502)).toEqual({ code: 4502, reason: '' });
  });
});

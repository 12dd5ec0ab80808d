import { describe, expect, it } from 'vitest';
import { closeReason, messageBytes } from './websocket-pipes.ts';

describe('closeReason', () => {
  it.each([
    { text: 'the serial console closed', expected: 'the serial console closed' },
    { text: 'x'.repeat(123), expected: 'x'.repeat(123) },
    { text: 'x'.repeat(200), expected: `${'x'.repeat(120)}...` },
    { text: `${'x'.repeat(119)}é and more`, expected: `${'x'.repeat(119)}...` },
  ])('keeps a reason of $text.length characters within 123 bytes', ({ text, expected }) => {
    const reason = closeReason(text);
    expect(reason).toBe(expected);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
  });
});

describe('messageBytes', () => {
  it.each([
    { what: 'a Buffer', data: Buffer.from('ab') },
    { what: 'fragments', data: [Buffer.from('a'), Buffer.from('b')] },
    { what: 'an ArrayBuffer', data: new Uint8Array([0x61, 0x62]).buffer },
  ])('reads $what as bytes', ({ data }) => {
    expect(messageBytes(data).toString()).toBe('ab');
  });
});

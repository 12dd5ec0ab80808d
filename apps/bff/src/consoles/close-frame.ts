/** A close code and reason that a `ws` socket can send. */
export interface CloseFrame {
  readonly code: number;
  readonly reason: string;
}

/** The longest close reason a frame can carry: 125 payload bytes minus the 2-byte code. */
export const maxCloseReasonBytes = 123;

/** Whether a peer may send `code` in a close frame (RFC 6455 §7.4; 1005 and 1006 are local only). */
export function isSendableCloseCode(code: number): boolean {
  if (!Number.isInteger(code)) return false;
  if (code >= 3000 && code <= 4999) return true;
  return code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006;
}

/** `text` cut to at most `maxCloseReasonBytes` bytes of UTF-8, never inside a character. */
export function truncateCloseReason(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxCloseReasonBytes) return text;
  let bytes = 0;
  let cut = '';
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (bytes + size > maxCloseReasonBytes) break;
    bytes += size;
    cut += char;
  }
  return cut;
}

/**
 * A close frame that can be sent: `code` when it is sendable, else `fallback`; the reason
 * truncated to fit.
 */
export function closeFrame(code: number, reason: string, fallback = 1000): CloseFrame {
  return {
    code: isSendableCloseCode(code) ? code : fallback,
    reason: truncateCloseReason(reason),
  };
}

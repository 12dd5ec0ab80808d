import { describe, expect, it } from 'vitest';
import {
  commandRoundTrip,
  keystrokeEchoes,
  OutputTracker,
  outputThroughput,
  type SerialLine,
} from './serial-probe.ts';

/** A fake shell: echoes what is typed, answers `echo X$((6*7))` and `seq 1 N; echo …`. */
function fakeShell(): SerialLine & { written: string[] } {
  const listeners = new Set<(chunk: Buffer) => void>();
  const emit = (text: string): void => {
    setTimeout(() => {
      for (const l of [...listeners]) l(Buffer.from(text, 'latin1'));
    }, 1);
  };
  const written: string[] = [];
  return {
    written,
    write: (bytes) => {
      const text = bytes.toString('latin1');
      written.push(text);
      emit(text.replace('\r', '\r\n'));
      const echo = /^echo ([\w-]+)\$\(\(6\*7\)\)\r$/.exec(text);
      if (echo) emit(`${echo[1] ?? ''}42\r\n# `);
      const seq = /^seq 1 (\d+); echo tp/.exec(text);
      if (seq) {
        const lines = Array.from({ length: Number(seq[1]) }, (_, i) => `${String(i + 1)}\r\n`);
        emit(lines.join('').slice(0, 7));
        emit(`${lines.join('').slice(7)}tp4`);
        emit('2end\r\n# ');
      }
    },
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

describe('serial probe', () => {
  it('times single keystrokes and clears the line every lineLength characters', async () => {
    const shell = fakeShell();
    const times = await keystrokeEchoes(shell, { count: 5, gapMs: 1, lineLength: 2 });
    expect(times).toHaveLength(5);
    expect(times.every((t) => t > 0 && t < 1000)).toBe(true);
    expect(shell.written.join('')).toBe('ab\x15cd\x15e\x15');
  });

  it('times a command round trip to its computed answer, not its echo', async () => {
    const ms = await commandRoundTrip(fakeShell(), 'rt1-', 1000);
    expect(ms).toBeGreaterThan(0);
  });

  it('counts the output bytes after the echoed command line, up to the end marker', async () => {
    const timing = await outputThroughput(fakeShell(), { lines: 12, timeoutMs: 1000 });
    // 1..9 → 3 bytes each, 10..12 → 4 bytes each, plus "tp42end".
    expect(timing.bytes).toBe(9 * 3 + 3 * 4 + 7);
    expect(timing.newlines).toBe(12);
    expect(timing.kibPerSecond).toBeGreaterThan(0);
  });

  it('skips what precedes the echoed command, finds a marker split across chunks', () => {
    const tracker = new OutputTracker('cmd echo', 'END!');
    expect(tracker.push(Buffer.from('late\r\nprompt# cmd e'), 0.5)).toBe(false);
    expect(tracker.push(Buffer.from('cho\r\nab'), 1)).toBe(false);
    expect(tracker.push(Buffer.from('cEN'), 2)).toBe(false);
    expect(tracker.push(Buffer.from('D!\r\n# '), 4)).toBe(true);
    expect(tracker.timing(0)).toMatchObject({
      bytes: 7,
      firstByteMs: 1,
      transferMs: 3,
      chunks: 3,
      head: 'abcEND!',
    });
  });
});

import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CriLogTailer, rfc3339Nano } from './cri-log.ts';

describe('rfc3339Nano', () => {
  it('writes nine fractional digits, to the microsecond', () => {
    expect(rfc3339Nano(Date.UTC(2025, 0, 2, 3, 4, 5, 123) + 0.456)).toBe(
      '2025-01-02T03:04:05.123456000Z',
    );
  });
});

describe('CriLogTailer', () => {
  function setup(): { dir: string; tailer: () => CriLogTailer } {
    const dir = mkdtempSync(join(tmpdir(), 'podvisor-cri-'));
    writeFileSync(join(dir, 'out'), '');
    writeFileSync(join(dir, 'err'), '');
    return {
      dir,
      tailer: () =>
        new CriLogTailer({
          sources: [
            { stream: 'stdout', path: join(dir, 'out') },
            { stream: 'stderr', path: join(dir, 'err') },
          ],
          output: join(dir, 'log'),
          offsetsFile: join(dir, 'offsets'),
          now: () => Date.UTC(2025, 0, 1),
        }),
    };
  }

  it('writes complete lines, keeps a partial one until the end, and resumes without repeats', async () => {
    const { dir, tailer } = setup();
    appendFileSync(join(dir, 'out'), 'one\ntw');
    appendFileSync(join(dir, 'err'), 'bad\n');
    const first = tailer();
    first.start();
    first.stop();
    await first.flushed();
    appendFileSync(join(dir, 'out'), 'o\nthree');
    const second = tailer();
    await second.finish();
    expect(readFileSync(join(dir, 'log'), 'utf8')).toBe(
      [
        '2025-01-01T00:00:00.000000000Z stdout F one',
        '2025-01-01T00:00:00.000000000Z stderr F bad',
        '2025-01-01T00:00:00.000000000Z stdout F two',
        '2025-01-01T00:00:00.000000000Z stdout F three',
        '',
      ].join('\n'),
    );
  });
});

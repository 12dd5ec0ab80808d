import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { criLogLine } from './cri-log.ts';
import type { LogOptions } from './log-options.ts';
import { streamLogFile } from './log-stream.ts';

const dir = mkdtempSync(join(tmpdir(), 'podvisor-log-stream-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const at = (second: number): Date => new Date(Date.UTC(2025, 0, 1, 0, 0, second));
const file = join(dir, 'fixed.log');
writeFileSync(
  file,
  [
    criLogLine({ time: at(1), stream: 'stdout', content: 'one' }),
    criLogLine({ time: at(2), stream: 'stderr', content: 'two-a', partial: true }),
    criLogLine({ time: at(2), stream: 'stderr', content: '-b' }),
    criLogLine({ time: at(3), stream: 'stdout', content: 'three' }),
    criLogLine({ time: at(4), stream: 'stdout', content: 'four' }),
  ].join(''),
);

async function read(
  path: string,
  options: Partial<LogOptions>,
  stillWriting: () => boolean = () => false,
): Promise<string> {
  const chunks: Buffer[] = [];
  await streamLogFile(
    {
      path,
      options: { follow: false, previous: false, timestamps: false, ...options },
      stillWriting,
      signal: new AbortController().signal,
      pollMs: 10,
      settleMs: 10,
    },
    (chunk) => {
      chunks.push(chunk);
      return Promise.resolve();
    },
  );
  return Buffer.concat(chunks).toString('utf8');
}

describe('streamLogFile', () => {
  it.each([
    ['everything', {}, 'one\ntwo-a-b\nthree\nfour\n'],
    ['the last 2 lines', { tailLines: 2 }, 'three\nfour\n'],
    ['a partial line counted with its end', { tailLines: 3 }, 'two-a-b\nthree\nfour\n'],
    ['more lines than there are', { tailLines: 10 }, 'one\ntwo-a-b\nthree\nfour\n'],
    ['lines since a time', { sinceMs: at(3).getTime() }, 'three\nfour\n'],
    ['at most limitBytes', { limitBytes: 5 }, 'one\nt'],
    ['limitBytes after tailLines', { tailLines: 1, limitBytes: 2 }, 'fo'],
  ])('serves %s', async (_what, options, expected) => {
    expect(await read(file, options)).toBe(expected);
  });

  it('prefixes each record with its timestamp when asked', async () => {
    expect(await read(file, { timestamps: true, tailLines: 1 })).toBe(
      '2025-01-01T00:00:04.000000000Z four\n',
    );
  });

  it('follows appended lines until the writer stops, then reads what is left', async () => {
    const growing = join(dir, 'growing.log');
    writeFileSync(growing, criLogLine({ time: at(1), stream: 'stdout', content: 'first' }));
    let polls = 0;
    const stillWriting = (): boolean => {
      polls += 1;
      if (polls === 2)
        appendFileSync(growing, criLogLine({ time: at(2), stream: 'stdout', content: 'second' }));
      if (polls === 4)
        appendFileSync(growing, criLogLine({ time: at(3), stream: 'stdout', content: 'last' }));
      return polls < 4;
    };
    expect(await read(growing, { follow: true }, stillWriting)).toBe('first\nsecond\nlast\n');
  });
});

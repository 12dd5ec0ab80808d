import { describe, expect, it } from 'vitest';
import { criLogLine, formatCriLogRecord, parseCriLogLine } from './cri-log.ts';

const line = (text: string): Buffer => Buffer.from(text);

describe('parseCriLogLine', () => {
  it.each([
    [
      'a full stdout line',
      '2025-01-01T00:00:01.123456789Z stdout F hello world',
      {
        stream: 'stdout',
        partial: false,
        content: 'hello world',
        time: Date.UTC(2025, 0, 1, 0, 0, 1, 123),
      },
    ],
    [
      'a partial stderr line',
      '2025-01-01T00:00:01Z stderr P part',
      { stream: 'stderr', partial: true, content: 'part' },
    ],
    ['an empty line', '2025-01-01T00:00:01Z stdout F ', { partial: false, content: '' }],
    ['an empty line without the space', '2025-01-01T00:00:01Z stdout F', { content: '' }],
  ])('reads %s', (_what, text, expected) => {
    const record = parseCriLogLine(line(text));
    expect({ ...record, content: record.content.toString() }).toMatchObject(expected);
  });

  it.each([['plain text'], ['2025-01-01T00:00:01Z stdin F x'], ['notatime stdout F x']])(
    'keeps %j whole, as an untimed stdout line',
    (text) => {
      const record = parseCriLogLine(line(text));
      expect(record.content.toString()).toBe(text);
      expect(record.timestamp).toBe('');
      expect(record.time).toBeNaN();
    },
  );
});

describe('formatCriLogRecord', () => {
  const record = parseCriLogLine(line('2025-01-01T00:00:01.5Z stdout F hi'));

  it('serves the bare line, or the timestamp first', () => {
    expect(formatCriLogRecord(record, false).toString()).toBe('hi\n');
    expect(formatCriLogRecord(record, true).toString()).toBe('2025-01-01T00:00:01.5Z hi\n');
  });

  it('adds no newline to a partial line', () => {
    const partial = parseCriLogLine(line('2025-01-01T00:00:01Z stdout P hi'));
    expect(formatCriLogRecord(partial, false).toString()).toBe('hi');
  });
});

describe('criLogLine', () => {
  it('writes nanosecond timestamps that parse back', () => {
    const text = criLogLine({
      time: new Date(Date.UTC(2025, 0, 1)),
      stream: 'stderr',
      content: 'x',
    });
    expect(text).toBe('2025-01-01T00:00:00.000000000Z stderr F x\n');
  });
});

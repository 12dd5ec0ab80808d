/** One line of a CRI container log file: `<RFC3339Nano> <stdout|stderr> <F|P> <content>`. */
export interface CriLogRecord {
  /** The timestamp as written (empty for a line that is not in CRI format). */
  readonly timestamp: string;
  /** The timestamp in epoch milliseconds (NaN for a line that is not in CRI format). */
  readonly time: number;
  readonly stream: string;
  /** A partial line (`P`): its content continues in the next record. */
  readonly partial: boolean;
  readonly content: Buffer;
}

const space = 0x20;

/**
 * Parses one log file line (without its newline). A line that is not in CRI format is kept as a
 * whole stdout line without a timestamp, so hand-written files still show.
 */
export function parseCriLogLine(line: Buffer): CriLogRecord {
  const first = line.indexOf(space);
  const second = first < 0 ? -1 : line.indexOf(space, first + 1);
  const timestamp = first < 0 ? '' : line.subarray(0, first).toString('latin1');
  const stream = second < 0 ? '' : line.subarray(first + 1, second).toString('latin1');
  const tag = second < 0 ? 0 : line[second + 1];
  const time = Date.parse(timestamp);
  const wellFormed =
    !Number.isNaN(time) &&
    (stream === 'stdout' || stream === 'stderr') &&
    (tag === 0x46 || tag === 0x50) &&
    (line.length === second + 2 || line[second + 2] === space);
  if (!wellFormed)
    return { timestamp: '', time: NaN, stream: 'stdout', partial: false, content: line };
  return {
    timestamp,
    time,
    stream,
    partial: tag === 0x50,
    content: line.subarray(Math.min(line.length, second + 3)),
  };
}

/** A record as served: its content (with the timestamp first when asked), newline-terminated unless partial. */
export function formatCriLogRecord(record: CriLogRecord, timestamps: boolean): Buffer {
  const parts: Buffer[] = [];
  if (timestamps && record.timestamp !== '') parts.push(Buffer.from(`${record.timestamp} `));
  parts.push(record.content);
  if (!record.partial) parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** Formats one CRI log line (with its newline), as a runtime writes it. */
export function criLogLine(options: {
  time: Date;
  stream: 'stdout' | 'stderr';
  content: string;
  partial?: boolean;
}): string {
  const iso = options.time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  return `${iso} ${options.stream} ${options.partial === true ? 'P' : 'F'} ${options.content}\n`;
}

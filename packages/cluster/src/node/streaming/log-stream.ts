import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { formatCriLogRecord, parseCriLogLine, type CriLogRecord } from './cri-log.ts';
import type { LogOptions } from './log-options.ts';

/** Where log output goes: resolves once the chunk may be followed by more (backpressure). */
export type LogWrite = (chunk: Buffer) => Promise<void>;

/** What to stream and when to stop following. */
export interface LogStreamRequest {
  readonly path: string;
  readonly options: LogOptions;
  /** While following: whether the file can still grow (its container instance still runs). */
  readonly stillWriting: () => boolean;
  readonly signal: AbortSignal;
  /** How often a followed file is polled for new lines (default 200 ms). */
  readonly pollMs?: number;
  /**
   * How long to wait, once the writer has stopped, for its last lines (the node agent's log
   * tailer writes them after the process exits); default 300 ms.
   */
  readonly settleMs?: number;
}

/** Applies `sinceMs`, `tailLines` and `limitBytes` to records, in order. */
class LogSink {
  private readonly options: LogOptions;
  /** While the existing content is read with tailLines: the last complete lines, then the open one. */
  private tail: Buffer[][] | undefined;
  private open: Buffer[] = [];
  private remaining: number;
  private out: Buffer[] = [];

  constructor(options: LogOptions) {
    this.options = options;
    this.tail = options.tailLines === undefined ? undefined : [];
    this.remaining = options.limitBytes ?? Infinity;
  }

  get full(): boolean {
    return this.remaining <= 0;
  }

  add(record: CriLogRecord): void {
    const since = this.options.sinceMs;
    if (since !== undefined && !Number.isNaN(record.time) && record.time < since) return;
    const chunk = formatCriLogRecord(record, this.options.timestamps);
    if (this.tail === undefined) {
      this.emit(chunk);
      return;
    }
    this.open.push(chunk);
    if (record.partial) return;
    this.tail.push(this.open);
    this.open = [];
    if (this.tail.length > (this.options.tailLines ?? 0)) this.tail.shift();
  }

  /** Ends the tail window: what it kept goes out, and later records go straight through. */
  endTail(): void {
    if (this.tail === undefined) return;
    const lines = this.options.tailLines === 0 ? [] : [...this.tail, this.open];
    this.tail = undefined;
    this.open = [];
    for (const line of lines) for (const chunk of line) this.emit(chunk);
  }

  take(): Buffer | undefined {
    if (this.out.length === 0) return undefined;
    const chunk = Buffer.concat(this.out);
    this.out = [];
    return chunk;
  }

  private emit(chunk: Buffer): void {
    if (this.remaining <= 0) return;
    const part = chunk.length > this.remaining ? chunk.subarray(0, this.remaining) : chunk;
    this.remaining -= part.length;
    this.out.push(part);
  }
}

/** Reads a log file from an offset, line by line; keeps an unterminated last line for later. */
class LogFileReader {
  private readonly handle: FileHandle;
  private offset = 0;
  private carry: Buffer = Buffer.alloc(0);
  private readonly buffer = Buffer.alloc(64 * 1024);

  constructor(handle: FileHandle) {
    this.handle = handle;
  }

  /** Reads what was appended since the last call; resolves with whether anything was read. */
  async readNew(onRecord: (record: CriLogRecord) => void, signal: AbortSignal): Promise<boolean> {
    let any = false;
    while (!signal.aborted) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.offset);
      if (bytesRead === 0) break;
      any = true;
      this.offset += bytesRead;
      this.split(Buffer.concat([this.carry, this.buffer.subarray(0, bytesRead)]), onRecord);
    }
    return any;
  }

  private split(data: Buffer, onRecord: (record: CriLogRecord) => void): void {
    let start = 0;
    for (let end = data.indexOf(0x0a); end >= 0; end = data.indexOf(0x0a, start)) {
      onRecord(parseCriLogLine(data.subarray(start, end)));
      start = end + 1;
    }
    this.carry = Buffer.from(data.subarray(start));
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}

async function drain(sink: LogSink, write: LogWrite): Promise<void> {
  const chunk = sink.take();
  if (chunk !== undefined) await write(chunk);
}

/**
 * Streams a CRI log file as `pods/log` serves it: bare lines (or with timestamps), filtered by
 * `sinceMs`, cut to the last `tailLines` and to `limitBytes`; with `follow`, keeps reading as the
 * file grows until `stillWriting()` turns false (then reads what is left) or the signal aborts.
 */
export async function streamLogFile(request: LogStreamRequest, write: LogWrite): Promise<void> {
  const { options, signal } = request;
  const handle = await open(request.path, 'r');
  try {
    const reader = new LogFileReader(handle);
    const sink = new LogSink(options);
    const add = (record: CriLogRecord): void => {
      sink.add(record);
    };
    await reader.readNew(add, signal);
    sink.endTail();
    await drain(sink, write);
    let settled = false;
    while (options.follow && !signal.aborted && !sink.full && !settled) {
      const writing = request.stillWriting();
      if (!writing) await pause(request.settleMs ?? 300, signal);
      const grew = await reader.readNew(add, signal);
      await drain(sink, write);
      settled = !writing;
      if (!grew && writing) await pause(request.pollMs ?? 200, signal);
    }
  } finally {
    await handle.close();
  }
}

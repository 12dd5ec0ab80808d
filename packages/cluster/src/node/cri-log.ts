import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { appendFile } from 'node:fs/promises';

/** The stream a line was written to. */
export type LogStream = 'stdout' | 'stderr';

/**
 * An RFC 3339 timestamp with nine fractional digits (`2025-01-02T03:04:05.123456000Z`), as the CRI
 * writes; the clock gives microseconds, so the last three digits are zero.
 */
export function rfc3339Nano(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString();
  const micros = Math.min(999, Math.round((epochMs - whole) * 1000));
  const nanos = (whole % 1000) * 1e6 + micros * 1000;
  return `${iso.slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

/** One line of a CRI log file: `<timestamp> <stream> F <text>`. */
export function criLine(timestamp: string, stream: LogStream, text: string): string {
  return `${timestamp} ${stream} F ${text}\n`;
}

/** A raw output file the tailer reads. */
export interface TailSource {
  readonly stream: LogStream;
  readonly path: string;
}

/** How a {@link CriLogTailer} is set up. */
export interface TailerOptions {
  readonly sources: readonly TailSource[];
  /** The CRI log file written. */
  readonly output: string;
  /** Where the read offsets are kept, so that a restarted node agent continues where it stopped. */
  readonly offsetsFile: string;
  /** Called with every chunk read (attach listeners). */
  readonly onChunk?: (stream: LogStream, chunk: Buffer) => void;
  /** The time source (milliseconds since the epoch, with fractions). */
  readonly now?: () => number;
}

interface SourceState {
  readonly source: TailSource;
  offset: number;
  partial: Buffer;
}

function loadOffsets(path: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function readNew(state: SourceState): Buffer {
  if (!existsSync(state.source.path)) return Buffer.alloc(0);
  const fd = openSync(state.source.path, 'r');
  const chunks: Buffer[] = [];
  try {
    const buffer = Buffer.alloc(256 * 1024);
    let position = state.offset + state.partial.length;
    for (
      let n = readSync(fd, buffer, 0, buffer.length, position);
      n > 0;
      n = readSync(fd, buffer, 0, buffer.length, position)
    ) {
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      position += n;
    }
  } finally {
    closeSync(fd);
  }
  return Buffer.concat(chunks);
}

/**
 * Turns a container's raw stdout/stderr files into a CRI-format log file, stamping each line when
 * it is read (within milliseconds of the write: the files are watched). Offsets are saved after
 * each complete line, so a restarted node agent neither loses nor repeats lines.
 */
export class CriLogTailer {
  readonly #options: TailerOptions;
  readonly #states: SourceState[];
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: TailerOptions) {
    this.#options = options;
    const offsets = loadOffsets(options.offsetsFile);
    this.#states = options.sources.map((source) => ({
      source,
      offset: offsets[source.stream] ?? 0,
      partial: Buffer.alloc(0),
    }));
  }

  /** Starts following the sources (file watches plus a slow poll as a fallback). */
  start(): void {
    for (const { source } of this.#states) {
      try {
        const watcher = watch(source.path, () => {
          this.#pump(false);
        });
        watcher.on('error', () => undefined);
        watcher.unref();
        this.#watchers.push(watcher);
      } catch {
        // The poll below covers a file that cannot be watched.
      }
    }
    this.#timer = setInterval(() => {
      this.#pump(false);
    }, 1000);
    this.#timer.unref();
    this.#pump(false);
  }

  /** Reads what is left, writes any unterminated last line, and stops following. */
  async finish(): Promise<void> {
    this.stop();
    this.#pump(true);
    await this.#writing;
  }

  /** Stops following without a final read (the node agent is shutting down; the process lives on). */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const watcher of this.#watchers.splice(0)) watcher.close();
  }

  /** Waits for the lines read so far to be written. */
  flushed(): Promise<void> {
    return this.#writing;
  }

  #pump(final: boolean): void {
    let text = '';
    const stamp = rfc3339Nano(this.#options.now?.() ?? performance.timeOrigin + performance.now());
    for (const state of this.#states) {
      const fresh = readNew(state);
      if (fresh.length > 0) this.#options.onChunk?.(state.source.stream, fresh);
      const data = Buffer.concat([state.partial, fresh]);
      let start = 0;
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
        text += criLine(stamp, state.source.stream, data.subarray(start, nl).toString('utf8'));
        start = nl + 1;
      }
      if (final && start < data.length) {
        text += criLine(stamp, state.source.stream, data.subarray(start).toString('utf8'));
        start = data.length;
      }
      state.offset += start;
      state.partial = Buffer.from(data.subarray(start));
    }
    if (text === '') return;
    const offsets = Object.fromEntries(this.#states.map((s) => [s.source.stream, s.offset]));
    const { output, offsetsFile } = this.#options;
    this.#writing = this.#writing
      .then(async () => {
        await appendFile(output, text);
        writeFileSync(offsetsFile, JSON.stringify(offsets));
      })
      .catch(() => undefined);
  }
}

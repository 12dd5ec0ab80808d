// Timings on a guest's serial console, the same whichever way it is reached (the BFF's console
// websocket or QEMU's serial socket directly): keystroke echo, command round trip and the
// throughput of a large output. The guest is the tiny guest's busybox shell at its prompt.
import { performance } from 'node:perf_hooks';

/** A byte stream to a guest's serial console. */
export interface SerialLine {
  /** Sends bytes to the guest, as one frame or write. */
  write(bytes: Buffer): void;
  /** Hears the guest's output; returns the function that stops listening. */
  onData(listener: (chunk: Buffer) => void): () => void;
}

/** Waits until `line` stays silent for `quietMs` (the prompt is drawn, scrollback is in). */
export function waitForQuiet(
  line: SerialLine,
  options: { quietMs: number; timeoutMs: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = (error?: Error): void => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      stop();
      if (error === undefined) resolve();
      else reject(error);
    };
    const arm = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(finish, options.quietMs);
    };
    const deadline = setTimeout(() => {
      finish(
        new Error(`the serial console did not go quiet within ${String(options.timeoutMs)} ms`),
      );
    }, options.timeoutMs);
    const stop = line.onData(arm);
    arm();
  });
}

/**
 * Sends `input` and resolves with the milliseconds until the output received since then
 * contains `expected`; rejects after `timeoutMs`.
 */
export function timeUntil(
  line: SerialLine,
  input: Buffer,
  expected: string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const started = performance.now();
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `no ${JSON.stringify(expected)} from the guest within ${String(timeoutMs)} ms ` +
            `(got ${JSON.stringify(seen.slice(-80))})`,
        ),
      );
    }, timeoutMs);
    const stop = line.onData((chunk) => {
      seen += chunk.toString('latin1');
      if (!seen.includes(expected)) return;
      const elapsed = performance.now() - started;
      clearTimeout(timer);
      stop();
      resolve(elapsed);
    });
    line.write(input);
  });
}

/** How keystrokes are typed: `count` single characters, `gapMs` apart. */
export interface KeystrokeOptions {
  readonly count: number;
  readonly gapMs: number;
  /** The line is cleared (Ctrl-U) after this many characters; 20 by default. */
  readonly lineLength?: number;
  readonly timeoutMs?: number;
}

const killLine = Buffer.from([0x15]);
const quietAfterKill = { quietMs: 150, timeoutMs: 10_000 };

/**
 * Types `count` single characters (a–z in turn) at the shell prompt, each its own write, and
 * returns each one's echo time in ms (sending it → its byte back). Clears the line with Ctrl-U
 * every `lineLength` characters and at the end, waiting for the redraw to finish untimed.
 */
export async function keystrokeEchoes(
  line: SerialLine,
  options: KeystrokeOptions,
): Promise<number[]> {
  const lineLength = options.lineLength ?? 20;
  const times: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const char = String.fromCharCode(0x61 + (i % 26));
    times.push(await timeUntil(line, Buffer.from(char), char, options.timeoutMs ?? 10_000));
    if ((i + 1) % lineLength === 0 || i === options.count - 1) {
      line.write(killLine);
      await waitForQuiet(line, quietAfterKill);
    } else {
      await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
  }
  return times;
}

/** One large output, timed from its first byte to the end marker. */
export interface OutputTiming {
  /** Bytes from the first output byte to the end of the marker. */
  readonly bytes: number;
  /** Milliseconds from the command's Enter to the first output byte. */
  readonly firstByteMs: number;
  /** Milliseconds from the first output byte to the end marker. */
  readonly transferMs: number;
  readonly kibPerSecond: number;
  /** Newlines received in the output (one per line when nothing was lost or added). */
  readonly newlines: number;
  /** Reads (socket) or messages (websocket) that carried the output. */
  readonly chunks: number;
  /** The output's first bytes, to check what was counted. */
  readonly head: string;
}

/**
 * Tracks a command's output in a stream: the echoed command line (anything before it, such as a
 * late prompt, is skipped), then the output up to and including an end marker.
 */
export class OutputTracker {
  readonly #echoed: string;
  readonly #marker: string;
  #before = '';
  #echoDone = false;
  #tail = '';
  #outputBytes = 0;
  #newlines = 0;
  #chunks = 0;
  #head = '';
  #firstOutputAt: number | undefined;
  #endAt: number | undefined;

  /** `echoed`: the command as the terminal echoes it; `marker`: what its output ends with. */
  constructor(echoed: string, marker: string) {
    this.#echoed = echoed;
    this.#marker = marker;
  }

  /** Takes one chunk received at `at`; returns true once the marker has been seen. */
  push(chunk: Buffer, at: number): boolean {
    const body = this.#echoDone ? chunk : this.#afterEcho(chunk);
    if (body === undefined || body.length === 0) return false;
    this.#firstOutputAt ??= at;
    this.#chunks++;
    const text = this.#tail + body.toString('latin1');
    const found = text.indexOf(this.#marker);
    const used = found < 0 ? body.length : found + this.#marker.length - this.#tail.length;
    this.#outputBytes += used;
    this.#newlines += countNewlines(body.subarray(0, used));
    if (this.#head.length < 32)
      this.#head += body.subarray(0, Math.min(used, 32)).toString('latin1');
    if (found < 0) {
      this.#tail = text.slice(-(this.#marker.length - 1));
      return false;
    }
    this.#endAt = at;
    return true;
  }

  /** The part of `chunk` after the echoed command line, or undefined while it is not complete. */
  #afterEcho(chunk: Buffer): Buffer | undefined {
    const offset = this.#before.length;
    this.#before += chunk.toString('latin1');
    const echoAt = this.#before.indexOf(this.#echoed);
    if (echoAt < 0) {
      this.#before = this.#before.slice(-this.#echoed.length);
      return undefined;
    }
    const eol = this.#before.indexOf('\n', echoAt + this.#echoed.length);
    if (eol < 0) return undefined;
    this.#echoDone = true;
    return chunk.subarray(eol + 1 - offset);
  }

  /** The timing, once the marker has been seen; `enterAt` is when the command was sent. */
  timing(enterAt: number): OutputTiming {
    if (this.#firstOutputAt === undefined || this.#endAt === undefined)
      throw new Error('the end marker has not been seen');
    const transferMs = this.#endAt - this.#firstOutputAt;
    return {
      bytes: this.#outputBytes,
      firstByteMs: this.#firstOutputAt - enterAt,
      transferMs,
      kibPerSecond: this.#outputBytes / 1024 / (transferMs / 1000),
      newlines: this.#newlines,
      chunks: this.#chunks,
      head: this.#head.slice(0, 32),
    };
  }
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Runs `command` and resolves when `tracker` has seen its end marker. */
function trackOutput(
  line: SerialLine,
  command: string,
  tracker: OutputTracker,
  timeoutMs: number,
): Promise<OutputTiming> {
  return new Promise((resolve, reject) => {
    const enterAt = performance.now();
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${JSON.stringify(command)} did not finish in ${String(timeoutMs)} ms`));
    }, timeoutMs);
    const stop = line.onData((chunk) => {
      if (!tracker.push(chunk, performance.now())) return;
      clearTimeout(timer);
      stop();
      resolve(tracker.timing(enterAt));
    });
    line.write(Buffer.from(command));
  });
}

/**
 * Runs `seq 1 <lines>` then an end marker in the guest's shell and times its output: first
 * output byte → end marker. Waits for the prompt afterwards (untimed).
 */
export async function outputThroughput(
  line: SerialLine,
  options: { lines: number; timeoutMs: number },
): Promise<OutputTiming> {
  const typed = `seq 1 ${String(options.lines)}; echo tp$((6*7))end`;
  const tracker = new OutputTracker(typed, 'tp42end');
  const timing = await trackOutput(line, `${typed}\r`, tracker, options.timeoutMs);
  await waitForQuiet(line, { quietMs: 300, timeoutMs: 30_000 });
  return timing;
}

/** Round trip of one short command: `echo <marker>$((6*7))` typed → `<marker>42` seen. */
export function commandRoundTrip(
  line: SerialLine,
  marker: string,
  timeoutMs: number,
): Promise<number> {
  return timeUntil(line, Buffer.from(`echo ${marker}$((6*7))\r`), `${marker}42`, timeoutMs);
}

/** Something `kubectl virt` writes to (text, or bytes such as a screenshot on stdout). */
export interface OutputStream {
  write(chunk: string | Uint8Array): unknown;
}

/** Standard input as `kubectl virt console` uses it: a byte stream, maybe a terminal. */
export interface InputStream extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Where `kubectl virt` reads and writes, and what it knows of its environment. */
export interface VirtctlIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Absent: commands that read input (console) read nothing. */
  readonly stdin?: InputStream;
  /** The process environment (`KUBECONFIG`, `HOME`, `PATH`); nothing else reads `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM: long-running commands (proxies, console) stop and resolve. */
  readonly signal?: AbortSignal;
  /** How help and usage errors name the program; `kubectl virt` by default. */
  readonly programName?: string;
}

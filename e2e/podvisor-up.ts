import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { podvisorBin } from './podvisor-cli.ts';

/** How to start one `podvisor up` with {@link startUp}. */
export interface UpOptions {
  readonly dataDir: string;
  readonly nodes: number;
  readonly demo?: boolean;
  /** Receives everything the process prints (appended, so restarts share one file). */
  readonly logFile: string;
}

/** What a ready `podvisor up` announced. */
export interface UpAnnouncement {
  /** The console's base URL, from the `Console:` line (and equal to `D/console-url`). */
  readonly consoleUrl: string;
  /** The one-time link of the `Sign in:` line. */
  readonly signInLink: string;
  /** `D/kubeconfig`. */
  readonly kubeconfig: string;
}

/** How a process ended. */
export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running `podvisor up` child process. */
export interface UpProcess {
  readonly pid: number;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Settles once the process exits. */
  readonly exited: Promise<ExitStatus>;
  /** Resolves on the `Podvisor is up.` block; rejects if the process exits or `timeoutMs` passes. */
  ready(timeoutMs: number): Promise<UpAnnouncement>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** `kill -9` of the `up` process alone (its children are left as a crash leaves them). */
  kill(): Promise<ExitStatus>;
}

const upLine = 'Podvisor is up.';

/** The announcement in `output`, once its block has arrived in full. */
export function parseAnnouncement(output: string, dataDir: string): UpAnnouncement | undefined {
  const start = output.indexOf(upLine);
  if (start < 0) return undefined;
  const block = output.slice(start);
  const consoleUrl = /^\s*Console: (\S+)\s*$/m.exec(block)?.[1];
  const signInLink = /^\s*Sign in: (\S+)\s*$/m.exec(block)?.[1];
  if (consoleUrl === undefined || signInLink === undefined) return undefined;
  return { consoleUrl, signInLink, kubeconfig: join(dataDir, 'kubeconfig') };
}

/** Checks the files `up` promises to write once ready, so a test fails on the contract, not later. */
function checkDataDirFiles(announcement: UpAnnouncement, dataDir: string): void {
  const urlFile = join(dataDir, 'console-url');
  if (!existsSync(announcement.kubeconfig)) {
    throw new Error(`podvisor up announced itself but ${announcement.kubeconfig} does not exist`);
  }
  const written = existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : undefined;
  if (written !== announcement.consoleUrl) {
    throw new Error(
      `${urlFile} holds ${JSON.stringify(written)}, not the announced ${announcement.consoleUrl}`,
    );
  }
}

function upArgs(options: UpOptions): string[] {
  const args = ['up', '--data-dir', options.dataDir, '--nodes', String(options.nodes)];
  return [...args, '--console-port', '0', ...(options.demo === true ? ['--demo'] : [])];
}

/** Starts `podvisor up` on Node 24 with its output teed into `options.logFile`. */
export function startUp(options: UpOptions): UpProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [podvisorBin, ...upArgs(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    log.write(chunk);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end(`\n[e2e] podvisor up exited: code ${String(code)}, signal ${String(signal)}\n`);
      resolve({ code, signal });
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const ready = async (timeoutMs: number): Promise<UpAnnouncement> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const announcement = parseAnnouncement(output, options.dataDir);
      if (announcement !== undefined) {
        checkDataDirFiles(announcement, options.dataDir);
        return announcement;
      }
      if (!isRunning()) throw new Error(`podvisor up exited before it was up:\n${output}`);
      if (Date.now() > deadline) {
        throw new Error(`podvisor up was not up within ${timeoutMs} ms; it printed:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const stop = async (graceMs = 60_000): Promise<ExitStatus> => {
    if (!isRunning()) return exited;
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    const status = await exited;
    clearTimeout(force);
    return status;
  };
  const kill = (): Promise<ExitStatus> => {
    if (isRunning()) child.kill('SIGKILL');
    return exited;
  };
  return { pid: child.pid ?? -1, output: () => output, exited, ready, stop, kill };
}

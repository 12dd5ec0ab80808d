import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ContainerAccessError,
  type AttachSession,
  type ContainerAccess,
  type ExecSession,
  type OutputListener,
} from '../container-access.ts';
import { criLogLine } from './cri-log.ts';

const busybox = '/bin/busybox';

interface FakeContainer {
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly previousLog: string | undefined;
  readonly listeners: Set<OutputListener>;
  readonly exit: Promise<number>;
  running: boolean;
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15));
    });
  });
}

/** Writes a stream's output as CRI lines (one per complete line) and to attach listeners. */
function record(container: FakeContainer, stream: 'stdout' | 'stderr'): void {
  let carry = '';
  container.child[stream]?.on('data', (chunk: Buffer) => {
    for (const listener of container.listeners) listener(stream, chunk);
    const lines = (carry + chunk.toString('utf8')).split('\n');
    carry = lines.pop() ?? '';
    const text = lines.map((line) => criLogLine({ time: new Date(), stream, content: line }));
    try {
      appendFileSync(container.logFile, text.join(''));
    } catch {
      // The test removed the directory.
    }
  });
}

/**
 * A {@link ContainerAccess} for tests: each "container" is a real `/bin/busybox` process whose
 * output is written to a CRI log file as it arrives; exec runs busybox applets.
 */
export class FakeContainerAccess implements ContainerAccess {
  private readonly dir: string;
  private readonly containers = new Map<string, FakeContainer>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** Starts a container running `command` (busybox applet and args); `previousLog` is written as its previous run's log. */
  start(
    podUid: string,
    name: string,
    options: { command: readonly string[]; previousLog?: string },
  ): void {
    const key = `${podUid}/${name}`;
    const logFile = join(this.dir, `${podUid}-${name}.log`);
    writeFileSync(logFile, '');
    let previousLog: string | undefined;
    if (options.previousLog !== undefined) {
      previousLog = join(this.dir, `${podUid}-${name}.previous.log`);
      writeFileSync(previousLog, options.previousLog);
    }
    const child = spawn(busybox, [...options.command], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    const container: FakeContainer = {
      child,
      logFile,
      previousLog,
      listeners: new Set(),
      exit: exitCode(child),
      running: true,
    };
    void container.exit.then(() => {
      container.running = false;
    });
    record(container, 'stdout');
    record(container, 'stderr');
    this.containers.set(key, container);
  }

  /** Kills every container process. */
  stopAll(): void {
    for (const container of this.containers.values()) container.child.kill('SIGKILL');
  }

  logFile(podUid: string, container: string, previous: boolean): string | undefined {
    const found = this.containers.get(`${podUid}/${container}`);
    return previous ? found?.previousLog : found?.logFile;
  }

  isRunning(podUid: string, container: string): boolean {
    return this.containers.get(`${podUid}/${container}`)?.running ?? false;
  }

  execIn(podUid: string, container: string, command: readonly string[]): Promise<ExecSession> {
    return this.running(podUid, container).then(() => {
      const child = spawn(busybox, [...command], { stdio: ['pipe', 'pipe', 'pipe'] });
      const { stdin, stdout, stderr } = child;
      return { stdin, stdout, stderr, exit: exitCode(child), kill: () => child.kill('SIGKILL') };
    });
  }

  attach(podUid: string, container: string): Promise<AttachSession> {
    return this.running(podUid, container).then((found) => {
      const own = new Set<OutputListener>();
      return {
        stdin: found.child.stdin ?? undefined,
        exit: found.exit,
        onOutput: (listener: OutputListener) => {
          found.listeners.add(listener);
          own.add(listener);
          return () => found.listeners.delete(listener);
        },
        detach: () => {
          for (const listener of own) found.listeners.delete(listener);
        },
      };
    });
  }

  private running(podUid: string, container: string): Promise<FakeContainer> {
    const found = this.containers.get(`${podUid}/${container}`);
    if (found === undefined)
      return Promise.reject(
        new ContainerAccessError('NotFound', `container not found ("${container}")`),
      );
    if (!found.running)
      return Promise.reject(
        new ContainerAccessError('NotRunning', `container "${container}" is not running`),
      );
    return Promise.resolve(found);
  }
}

import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type DomainEvent, parseDomainEvent } from './domain-event.ts';
import { untranslatedEnv } from './run-virsh.ts';
import { VirshError, virshMessage } from './virsh-error.ts';

/** A running `virsh event --all --loop` process. */
export interface DomainEventWatch {
  /**
   * Resolves once virsh has registered for lifecycle, reboot, watchdog and I/O-error events (no
   * such event is missed after it); rejects with a VirshError if virsh exits first.
   */
  readonly ready: Promise<void>;
  /** Resolves when virsh exits (after `stop()`, or when the connection to libvirtd is lost). */
  readonly closed: Promise<{ exitCode: number | null; message: string }>;
  /** Stops virsh (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Options of `watchDomainEvents`. */
export interface WatchDomainEventsOptions {
  readonly uri: string;
  readonly onEvent: (event: DomainEvent) => void;
}

/**
 * libvirt logs each callback registration (`virConnectDomainEventRegisterAny … eventID=N`) as
 * it starts, in event-ID order: seeing ID 5 means lifecycle (0), reboot (1), watchdog (3) and
 * io-error (4) are registered.
 */
const registration = /virConnectDomainEventRegisterAny:.*eventID=(\d+)/;
const lastNeededEventId = 4;
const debugLine = / : [a-zA-Z]+:\d+ : /;

/**
 * Starts `virsh event --all --loop --timestamp` on `uri` and calls `onEvent` with every domain
 * event it prints (lifecycle, reboot, watchdog, io-error, agent). Events come from libvirt, not
 * from polling.
 */
export function watchDomainEvents(options: WatchDomainEventsOptions): DomainEventWatch {
  // It dies with the launcher (`setpriv --pdeathsig`), even when the launcher is SIGKILLed, but
  // runs in a session of its own: a SIGTERM to the launcher's process group (a pod terminating)
  // must not blind the launcher to the guest's shutdown it is about to ask for.
  const child = spawn(
    'setpriv',
    [
      '--pdeathsig',
      'KILL',
      '--',
      'virsh',
      ...['-q', '-c', options.uri, 'event', '--all', '--loop', '--timestamp'],
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: untranslatedEnv({
        LIBVIRT_LOG_FILTERS: '1:libvirt.domain',
        LIBVIRT_LOG_OUTPUTS: '1:stderr',
      }),
    },
  );
  const errors: string[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = parseDomainEvent(line);
    if (event !== undefined) options.onEvent(event);
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    const id = registration.exec(line)?.[1];
    if (id !== undefined && Number(id) > lastNeededEventId) markReady();
    else if (!debugLine.test(line)) errors.push(line);
  });
  const closed = new Promise<{ exitCode: number | null; message: string }>((resolve) => {
    child.once('error', (error) => {
      errors.push(`error: ${error.message}`);
    });
    child.once('close', (exitCode) => {
      resolve({ exitCode, message: virshMessage(errors.join('\n')) });
    });
  });
  const command = 'virsh event --all --loop --timestamp';
  return {
    ready: Promise.race([
      ready,
      closed.then(({ exitCode, message }) => {
        throw new VirshError({ command, message: message || 'virsh exited', exitCode });
      }),
    ]),
    closed,
    async stop() {
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
      }
      await closed;
    },
  };
}

import {
  ContainerAccessError,
  type AttachSession,
  type ContainerAccess,
  type ExecSession,
} from './container-access.ts';
import type { ContainerRunner } from './container-runner.ts';
import type { PodWorker } from './pod-worker.ts';

function runnerOf(
  find: (podUid: string) => PodWorker | undefined,
  podUid: string,
  container: string,
): ContainerRunner {
  const worker = find(podUid);
  if (worker === undefined)
    throw new ContainerAccessError(
      'NotFound',
      `pod with uid ${podUid} is not running on this node`,
    );
  const runner = worker.container(container);
  if (runner === undefined) {
    throw new ContainerAccessError(
      'NotFound',
      `container ${container} is not valid for pod ${worker.ref.name}`,
    );
  }
  return runner;
}

function notRunning(container: string): ContainerAccessError {
  return new ContainerAccessError('NotRunning', `container not found ("${container}")`);
}

/** Runs `fn` as a promise: a throw becomes a rejection. */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(fn());
  });
}

/** The node agent's {@link ContainerAccess}, over its pod workers. */
export function nodeContainerAccess(
  find: (podUid: string) => PodWorker | undefined,
): ContainerAccess {
  return {
    logFile: (podUid, container, previous) => find(podUid)?.container(container)?.logFile(previous),
    isRunning: (podUid, container) => find(podUid)?.container(container)?.running ?? false,
    execIn: (podUid, container, command): Promise<ExecSession> =>
      settle(() => {
        if (command.length === 0) {
          throw new ContainerAccessError(
            'BadRequest',
            'you must specify at least one command for the container',
          );
        }
        const session = runnerOf(find, podUid, container).exec(command);
        if (session === undefined) throw notRunning(container);
        return session;
      }),
    attach: (podUid, container, options = { stdin: true }): Promise<AttachSession> =>
      settle(() => {
        const session = runnerOf(find, podUid, container).attach(options);
        if (session === undefined) throw notRunning(container);
        return session;
      }),
  };
}

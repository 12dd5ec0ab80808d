import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@podvisor/kube';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'podvisor.js');

/** The node agents `podvisor cluster --nodes N` runs, one process each. */
export interface NodeProcesses {
  readonly names: readonly string[];
  /** Sends SIGTERM to every agent, then SIGKILL to those still running after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else
      child.once('exit', () => {
        resolve();
      });
  });
}

/**
 * Starts `podvisor node --name node-<i> --stop-pods` for i = 1..count (so stopping the cluster stops
 * its pods too), each logging to `DATA_DIR/logs/node-<i>.log`, each killed by the kernel when
 * this process dies (a parent-death signal). A crashed agent is not restarted (its node goes NotReady, as a
 * dead kubelet's would); run `podvisor node --name node-<i>` again to bring it back.
 */
export function startNodeProcesses(options: {
  count: number;
  dataDir: string;
  logLevel: string;
  logger: Logger;
  /** `pod`: the agents give each pod its own netns (they run in the cluster netns, as this process). */
  network?: 'pod' | 'loopback';
}): NodeProcesses {
  const logs = join(options.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const children = Array.from({ length: options.count }, (_, i) => {
    const name = `node-${i + 1}`;
    const out = openSync(join(logs, `${name}.log`), 'a');
    // setpriv: an agent dies with this process even when it is killed with SIGKILL, so a new
    // `up` never finds a stale agent of the same node; the pods outlive it and are adopted.
    const child = spawn(
      'setpriv',
      [
        '--pdeathsig',
        'KILL',
        '--',
        process.execPath,
        bin,
        'node',
        '--data-dir',
        options.dataDir,
        '--name',
        name,
        '--log-level',
        options.logLevel,
        '--stop-pods',
        ...(options.network === 'pod' ? ['--network', 'pod'] : []),
      ],
      {
        stdio: ['ignore', out, out],
      },
    );
    child.on('exit', (code, signal) => {
      options.logger.warn({ node: name, code, signal }, 'node agent exited');
    });
    return { name, child };
  });
  return {
    names: children.map((c) => c.name),
    stop: async (graceMs = 10_000) => {
      for (const { child } of children) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        for (const { child } of children) child.kill('SIGKILL');
      }, graceMs);
      await Promise.all(children.map(({ child }) => exited(child)));
      clearTimeout(timer);
    },
  };
}

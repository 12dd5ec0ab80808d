#!/usr/bin/env node
// `kubectl virt`: kubectl finds this on PATH as the plugin `kubectl-virt`.
// Runs on the project's pinned Node 24 even when started by an older one.
import { reexecOnPinnedNodeIfNeeded } from '../../../scripts/pinned-node.mjs';

if (!reexecOnPinnedNodeIfNeeded(import.meta.url)) {
  const { main, programNameFor } = await import('../src/index.ts');
  // SIGINT/SIGTERM stop long-running commands (proxies, console) cleanly; a second one kills.
  const interrupt = new AbortController();
  /** @param {NodeJS.Signals} signal */
  const onSignal = (signal) => {
    if (interrupt.signal.aborted) process.kill(process.pid, signal);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: interrupt.signal,
    programName: programNameFor(process.argv[1]),
  });
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
}

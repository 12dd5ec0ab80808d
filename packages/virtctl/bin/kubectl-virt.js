#!/usr/bin/env node
// `kubectl virt`: kubectl finds this on PATH as the plugin `kubectl-virt`.
// Runs on the project's pinned Node 24 even when started by an older one.
import { reexecOnPinnedNodeIfNeeded } from '../../../scripts/pinned-node.mjs';

if (!reexecOnPinnedNodeIfNeeded(import.meta.url)) {
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

#!/usr/bin/env node
// The `podvisor` command. Runs on the project's pinned Node 24 even when started by an older one.
import { reexecOnPinnedNodeIfNeeded } from '../../../scripts/pinned-node.mjs';

if (!reexecOnPinnedNodeIfNeeded(import.meta.url)) {
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  });
}

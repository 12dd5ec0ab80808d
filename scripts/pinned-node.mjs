// The project's pinned Node (the `node` dev dependency) and how to get onto it.
// Plain JavaScript without dependencies: this runs on whatever Node started it (>= 18).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root directory. */
export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The lowest Node major version the project runs on. */
export const requiredNodeMajor = 24;

/** Path of the Node binary installed by the `node` dev dependency. */
export const pinnedNodePath = join(projectRoot, 'node_modules', 'node', 'bin', 'node');

/**
 * Whether a Node version string (as in `process.versions.node`) is new enough.
 * @param {string} version
 * @returns {boolean}
 */
export function isSupportedNode(version) {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  return Number.isInteger(major) && major >= requiredNodeMajor;
}

/**
 * Runs `node <args>` on the pinned Node with inherited stdio, forwarding SIGINT and SIGTERM,
 * and resolves with its exit code (128 + signal number when it was killed by a signal).
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<number>}
 */
export function runOnPinnedNode(args, options = {}) {
  if (!existsSync(pinnedNodePath)) {
    process.stderr.write(
      `podvisor: Node ${requiredNodeMajor} is not installed in ${projectRoot}/node_modules.\n` +
        `Run \`npm start\` or \`npm test\` once in ${projectRoot}; they install it.\n`,
    );
    return Promise.resolve(1);
  }
  const child = spawn(pinnedNodePath, args, { stdio: 'inherit', env: options.env ?? process.env });
  /** @param {NodeJS.Signals} signal */
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`podvisor: cannot start ${pinnedNodePath}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 15));
    });
  });
}

/**
 * For a bin script: when the current Node is too old, re-runs the script on the pinned Node
 * and returns true (the caller then does nothing more; the process exits with the child's code).
 * @param {string} scriptUrl the bin's import.meta.url
 * @returns {boolean}
 */
export function reexecOnPinnedNodeIfNeeded(scriptUrl) {
  if (isSupportedNode(process.versions.node)) return false;
  void runOnPinnedNode([fileURLToPath(scriptUrl), ...process.argv.slice(2)]).then((code) => {
    process.exitCode = code;
  });
  return true;
}

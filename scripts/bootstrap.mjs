#!/usr/bin/env node
// `npm start` and `npm test` begin here. It runs on any system Node >= 18, with no dependencies:
// it installs what is missing (npm packages, Debian packages when root) and then hands over to
// the project's pinned Node 24.
//
//   node scripts/bootstrap.mjs start [args...]   -> podvisor up [args...]
//   node scripts/bootstrap.mjs test [args...]    -> scripts/test.ts [args...]
//   node scripts/bootstrap.mjs bench [args...]   -> scripts/bench.ts [args...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { aptPlan, npmInstallReason, systemUserPlan } from './bootstrap-plan.mjs';
import { pinnedNodePath, projectRoot, runOnPinnedNode } from './pinned-node.mjs';
import { systemPackages } from './system-packages.mjs';

const targets = {
  start: [join(projectRoot, 'apps', 'cli', 'bin', 'podvisor.js'), 'up'],
  test: [join(projectRoot, 'scripts', 'test.ts')],
  bench: [join(projectRoot, 'scripts', 'bench.ts')],
};

/** @param {string} message */
function say(message) {
  process.stderr.write(`bootstrap: ${message}\n`);
}

/** @param {string} path @returns {number | null} */
function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** @param {string[]} command @returns {boolean} */
function run(command) {
  const [file, ...args] = command;
  if (file === undefined) return true;
  const result = spawnSync(file, args, {
    stdio: 'inherit',
    cwd: projectRoot,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) say(`${file}: ${result.error.message}`);
  return result.status === 0;
}

/** @param {string} name @returns {boolean} */
function debianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${db:Status-Status}', name], {
    encoding: 'utf8',
  });
  return result.status === 0 && result.stdout.trim() === 'installed';
}

function ensureNpmPackages() {
  const reason = npmInstallReason({
    lockfileMtimeMs: mtimeMs(join(projectRoot, 'package-lock.json')),
    installedMtimeMs: mtimeMs(join(projectRoot, 'node_modules', '.package-lock.json')),
    pinnedNodePresent: existsSync(pinnedNodePath),
  });
  if (reason === null) return true;
  say(`${reason}: running npm ci`);
  return run(['npm', 'ci', '--no-audit', '--no-fund']);
}

function ensureDebianPackages() {
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  const missing = hasApt
    ? systemPackages.map((p) => p.name).filter((name) => !debianPackageInstalled(name))
    : systemPackages.map((p) => p.name);
  const plan = aptPlan({ missing, isRoot: process.getuid?.() === 0, hasApt });
  switch (plan.action) {
    case 'none':
      return true;
    case 'ask':
      process.stderr.write(`\n${plan.message}\n`);
      return false;
    case 'install':
      say(`installing Debian packages: ${missing.join(' ')}`);
      return plan.commands.every(run);
  }
}

function ensureSystemUser() {
  const user = 'libvirt-qemu';
  const exists = spawnSync('id', ['-u', user], { stdio: 'ignore' }).status === 0;
  const plan = systemUserPlan({ user, exists, isRoot: process.getuid?.() === 0 });
  switch (plan.action) {
    case 'none':
      return true;
    case 'ask':
      process.stderr.write(`\n${plan.message}\n`);
      return false;
    case 'create':
      say(`creating the system user ${user}`);
      return run(plan.command);
  }
}

/** @param {string} dir @returns {number} the newest mtime of the files under `dir` */
function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtimeMs(join(entry.parentPath, entry.name)) ?? 0);
  }
  return newest;
}

/** Builds the console SPA (apps/console/dist) when it is missing or older than its sources. */
async function ensureConsoleBuilt() {
  const consoleDir = join(projectRoot, 'apps', 'console');
  const built = mtimeMs(join(consoleDir, 'dist', 'index.html'));
  const sources = Math.max(
    newestMtimeMs(join(consoleDir, 'src')),
    mtimeMs(join(consoleDir, 'index.html')) ?? 0,
    mtimeMs(join(projectRoot, 'package-lock.json')) ?? 0,
  );
  if (built !== null && built >= sources) return true;
  say('building the console (apps/console/dist)');
  const vite = join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const config = join(projectRoot, 'vite.config.ts');
  return (await runOnPinnedNode([vite, 'build', '--config', config, '--logLevel', 'warn'])) === 0;
}

async function main() {
  const [targetName, ...rest] = process.argv.slice(2);
  const target =
    targetName === 'start' || targetName === 'test' || targetName === 'bench'
      ? targets[targetName]
      : undefined;
  if (target === undefined) {
    say('usage: node scripts/bootstrap.mjs start|test|bench [args...]');
    return 2;
  }
  if (!ensureNpmPackages()) {
    say('npm ci failed; see the output above');
    return 1;
  }
  if (!ensureDebianPackages() || !ensureSystemUser()) return 1;
  if (targetName !== 'test' && !(await ensureConsoleBuilt())) {
    say('building the console failed; see the output above');
    return 1;
  }
  return runOnPinnedNode([...target, ...rest]);
}

process.exitCode = await main();

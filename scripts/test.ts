// `npm test` after the bootstrap: type-check, lint, format check, every Vitest project, and the
// Playwright end-to-end suite once it has specs. Runs every step even after a failure, and ends
// with one summary line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, globSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from './pinned-node.mjs';
import { summarize, type StepResult } from './test-summary.ts';

const bin = (pkg: string, file: string): string => join(projectRoot, 'node_modules', pkg, file);
const reportDir = join(projectRoot, '.tsbuild', 'test-reports');
const env = {
  ...process.env,
  PATH: [join(projectRoot, 'node_modules', '.bin'), process.env['PATH'] ?? ''].join(delimiter),
  FORCE_COLOR: process.stdout.isTTY ? '1' : '0',
};

function runNode(title: string, args: string[], extraEnv: Record<string, string> = {}): boolean {
  process.stdout.write(`\n── ${title} ──\n`);
  const result = spawnSync(process.execPath, args, {
    cwd: projectRoot,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  return result.status === 0;
}

function check(name: string, args: string[]): StepResult {
  const ok = runNode(name, args);
  return { name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function vitest(extraArgs: string[]): StepResult {
  const out = join(reportDir, 'vitest.json');
  const ok = runNode('vitest', [
    bin('vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...extraArgs,
  ]);
  const report = readJson(out) as { numPassedTests?: number; numFailedTests?: number } | undefined;
  const passed = report?.numPassedTests ?? 0;
  const failed = report?.numFailedTests ?? 0;
  // A crash before any test ran still fails the step.
  return { name: 'vitest', passed, failed: !ok && failed === 0 ? 1 : failed };
}

interface PlaywrightStats {
  expected?: number;
  unexpected?: number;
  flaky?: number;
}

function playwright(): StepResult | null {
  const specs = globSync('e2e/**/*.spec.ts', { cwd: projectRoot });
  if (specs.length === 0) return null;
  const out = join(reportDir, 'playwright.json');
  const ok = runNode(
    'playwright (e2e)',
    [
      bin('@playwright/test', 'cli.js'),
      'test',
      '-c',
      'e2e/playwright.config.ts',
      '--reporter=list,json',
    ],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  );
  const stats = (readJson(out) as { stats?: PlaywrightStats } | undefined)?.stats ?? {};
  const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
  const failed = stats.unexpected ?? 0;
  return { name: 'e2e', passed, failed: !ok && failed === 0 ? 1 : failed };
}

rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const steps: StepResult[] = [
  check('typecheck', [bin('typescript', 'bin/tsc'), '-b']),
  check('lint', [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0']),
  check('format', [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.']),
  // The console the BFF serves to the end-to-end suite (apps/console/dist).
  check('build', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn']),
  vitest(process.argv.slice(2)),
];
const e2e = playwright();
if (e2e) steps.push(e2e);
else if (existsSync(join(projectRoot, 'e2e'))) process.stdout.write('\n── e2e: no specs yet ──\n');

const summary = summarize(steps);
process.stdout.write(`\n${summary.detail}\n${summary.line}\n`);
process.exitCode = summary.failed === 0 ? 0 : 1;

// `npm run bench [-- <name>...] [--quick] [--set key=value]... [--list] [--render]`
//
// Runs the benchmarks (all, or the named ones) one after the other, samples the machine's load
// around each, stores each result in docs/performance/<name>.json and renders docs/performance.md
// from every stored result. `--quick` runs the smallest meaningful version and writes nothing;
// `--render` only re-renders the report; `--list` names the benchmarks.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  cpuShare,
  describeMachine,
  loadAverage,
  measureBackground,
  noiseWarnings,
  readCpuTimes,
  renderReport,
  type BenchContext,
  type BenchRecord,
  type Benchmark,
  type Machine,
} from '@podvisor/bench';
import { benchmarks } from './bench-registry.ts';
import { detectAccelerator } from './detect-accelerator.ts';

const root = join(import.meta.dirname, '..');
const resultsDir = join(root, 'docs', 'performance');
const reportPath = join(root, 'docs', 'performance.md');
/** The whole suite must fit in this on the target machine (issue 13). */
const budgetSeconds = 20 * 60;

function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

function parseSets(sets: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new Error(`--set ${set}: expected key=value`);
    options[set.slice(0, eq)] = set.slice(eq + 1);
  }
  return options;
}

async function select(names: readonly string[]): Promise<Benchmark[]> {
  const known = benchmarks.map((entry) => entry.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `no benchmark named ${unknown.join(', ')}; the benchmarks are: ${known.join(', ')}`,
    );
  }
  const entries = benchmarks.filter((entry) => names.length === 0 || names.includes(entry.name));
  return Promise.all(
    entries.map(async (entry) => {
      const benchmark = await entry.load();
      if (benchmark.name !== entry.name) {
        throw new Error(`the registry's ${entry.name} loads a benchmark named ${benchmark.name}`);
      }
      return benchmark;
    }),
  );
}

interface RunOptions {
  readonly machine: Machine;
  readonly quick: boolean;
  readonly options: Readonly<Record<string, string>>;
}

async function runOne(benchmark: Benchmark, run: RunOptions): Promise<BenchRecord> {
  say(`\n▶ ${benchmark.name}: ${benchmark.title} (about ${String(benchmark.expectedSeconds)} s)`);
  const background = await measureBackground(3000);
  const loadAverageBefore = loadAverage();
  const scratch = await mkdtemp(join(tmpdir(), `podvisor-bench-${benchmark.name}-`));
  const ctx: BenchContext = {
    log: (line) => {
      say(`  [${benchmark.name}] ${line}`);
    },
    scratch,
    root,
    quick: run.quick,
    options: run.options,
  };
  const cpuBefore = readCpuTimes();
  const started = performance.now();
  try {
    const result = await benchmark.run(ctx);
    const load = {
      background,
      stealDuring: cpuShare(cpuBefore, readCpuTimes()).steal,
      loadAverageBefore,
      loadAverageAfter: loadAverage(),
    };
    return {
      name: benchmark.name,
      title: benchmark.title,
      date: new Date().toISOString(),
      durationSeconds: (performance.now() - started) / 1000,
      machine: run.machine,
      load,
      noise: noiseWarnings(load, result.figures),
      result,
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Formats with the repository's Prettier settings, so the written files pass `prettier --check`. */
async function pretty(text: string, filepath: string): Promise<string> {
  const config = await resolveConfig(filepath);
  return format(text, { ...config, filepath });
}

async function storedRecords(): Promise<BenchRecord[]> {
  const order = benchmarks.map((entry) => entry.name);
  const files = await readdir(resultsDir).catch(() => []);
  const records = await Promise.all(
    files
      .filter((file) => file.endsWith('.json'))
      .map(
        async (file) => JSON.parse(await readFile(join(resultsDir, file), 'utf8')) as BenchRecord,
      ),
  );
  const rank = (name: string): number => {
    const index = order.indexOf(name);
    return index === -1 ? order.length : index;
  };
  return records.sort((a, b) => rank(a.name) - rank(b.name));
}

async function writeRecord(record: BenchRecord): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${record.name}.json`);
  await writeFile(path, await pretty(JSON.stringify(record, null, 2), path));
}

async function writeReport(): Promise<void> {
  await writeFile(reportPath, await pretty(renderReport(await storedRecords()), reportPath));
  say(`wrote ${reportPath}`);
}

function refuseWithoutRoot(selected: readonly Benchmark[]): void {
  const needRoot = selected.filter((b) => b.needsRoot).map((b) => b.name);
  if (needRoot.length === 0 || process.getuid?.() === 0) return;
  const args = process.argv.slice(2).join(' ');
  throw new Error(
    `${needRoot.join(', ')} need root (QEMU, libvirt, network namespaces): run \`sudo npm run bench${args === '' ? '' : ` -- ${args}`}\``,
  );
}

async function runAll(selected: readonly Benchmark[], run: RunOptions): Promise<number> {
  let failed = 0;
  const started = performance.now();
  for (const benchmark of selected) {
    try {
      const record = await runOne(benchmark, run);
      say(`✓ ${benchmark.name} in ${String(Math.round(record.durationSeconds))} s`);
      for (const warning of record.noise) say(`  ⚠ ${warning}`);
      if (run.quick) process.stdout.write(`${renderReport([record])}\n`);
      else await writeRecord(record);
    } catch (error) {
      failed += 1;
      say(
        `✗ ${benchmark.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  const total = (performance.now() - started) / 1000;
  say(
    `\n${String(selected.length - failed)}/${String(selected.length)} benchmarks in ${(total / 60).toFixed(1)} min (budget for all: ${String(budgetSeconds / 60)} min)`,
  );
  return failed;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      set: { type: 'string', multiple: true, default: [] },
      list: { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
    },
  });
  if (values.render) {
    await writeReport();
    return 0;
  }
  const selected = await select(positionals);
  if (values.list) {
    for (const b of selected)
      process.stdout.write(`${b.name}\t~${String(b.expectedSeconds)} s\t${b.title}\n`);
    return 0;
  }
  refuseWithoutRoot(selected);
  const machine = await describeMachine(await detectAccelerator());
  const options = parseSets(values.set);
  const failed = await runAll(selected, { machine, quick: values.quick, options });
  if (!values.quick) await writeReport();
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (error) {
  say(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}

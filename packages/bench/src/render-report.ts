import type { Figure, Table } from './benchmark.ts';
import { machineWarnings, spreadWarning, type BenchRecord } from './bench-record.ts';
import { formatRatio, formatValue } from './format-value.ts';
import type { Machine } from './machine.ts';
import { median, summarize } from './stats.ts';

/** The figure's headline number: the median of its samples, or its single value. */
export function headline(figure: Figure): number {
  const samples = figure.samples ?? [];
  return samples.length > 0 ? median(samples) : (figure.value ?? Number.NaN);
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function spread(figure: Figure): string {
  const samples = figure.samples ?? [];
  if (samples.length < 2) return samples.length === 1 ? 'n = 1' : 'single value';
  const s = summarize(samples);
  return `${formatValue(s.min, figure.unit)} – ${formatValue(s.max, figure.unit)} (n = ${String(s.count)})`;
}

const direction = (figure: Figure): string => (figure.better === 'lower' ? 'lower' : 'higher');

function anchorCells(figure: Figure): [string, string] {
  if (figure.anchor === undefined) return ['—', '—'];
  return [
    `${formatValue(figure.anchor.value, figure.unit)} — ${figure.anchor.label}`,
    formatRatio(headline(figure), figure.anchor.value),
  ];
}

function figureRow(figure: Figure): string[] {
  const label = figure.note === undefined ? figure.label : `${figure.label} — ${figure.note}`;
  return [
    label,
    direction(figure),
    formatValue(headline(figure), figure.unit),
    spread(figure),
    ...anchorCells(figure),
  ];
}

function figuresTable(figures: readonly Figure[]): string {
  return markdownTable(
    ['figure', 'better', 'Podvisor (median)', 'spread', 'anchor', 'ratio'],
    figures.map(figureRow),
  );
}

function detailTable(table: Table): string {
  const rows = table.rows.map((row) => row.map((v) => (typeof v === 'number' ? String(v) : v)));
  return `**${table.title}**\n\n${markdownTable(table.columns, rows)}`;
}

/** One line naming the machine: cores, CPU, memory, accelerator and versions. */
export function describeMachineLine(machine: Machine): string {
  const versions = [
    `Node ${machine.node.replace(/^v/, '')}`,
    machine.qemu === '' ? undefined : `QEMU ${machine.qemu}`,
    machine.libvirt === '' ? undefined : `libvirt ${machine.libvirt}`,
  ].filter((v) => v !== undefined);
  return `${String(machine.cores)} cores (${machine.cpu}), ${String(machine.memoryGiB)} GiB, ${machine.os}, kernel ${machine.kernel}, ${machine.accelerator}; ${versions.join(', ')}`;
}

function loadLine(record: BenchRecord): string {
  const { load } = record;
  const pct = (share: number): string => `${(share * 100).toFixed(0)} %`;
  const quiet = machineWarnings(load).length === 0 ? 'quiet' : '**busy**';
  return `Machine ${quiet}: background CPU ${pct(load.background.busy)} before the run, steal ${pct(load.stealDuring)} during it, load average ${load.loadAverageBefore.toFixed(2)} → ${load.loadAverageAfter.toFixed(2)}.`;
}

function parametersLine(record: BenchRecord): string | undefined {
  const entries = Object.entries(record.result.parameters ?? {});
  if (entries.length === 0) return undefined;
  return `Parameters: ${entries.map(([k, v]) => `${k} = ${String(v)}`).join(', ')}.`;
}

/** The markdown section of one benchmark. */
export function renderSection(record: BenchRecord): string {
  const { result } = record;
  const parts = [
    `## ${record.title}`,
    `\`npm run bench -- ${record.name}\` · measured ${record.date.slice(0, 10)} in ${String(Math.round(record.durationSeconds))} s on ${describeMachineLine(record.machine)}.`,
    [loadLine(record), parametersLine(record)].filter((l) => l !== undefined).join(' '),
    ...(record.noise.length === 0 ? [] : [record.noise.map((n) => `- ⚠ ${n}`).join('\n')]),
    result.method.trim(),
    figuresTable(result.figures),
    ...(result.tables ?? []).map(detailTable),
    ...(result.notes === undefined ? [] : [result.notes.trim()]),
  ];
  return parts.join('\n\n');
}

/** "quiet", or what makes this figure suspect: a busy machine, a wide spread of its samples. */
function runState(record: BenchRecord, figure: Figure): string {
  const reasons = [
    machineWarnings(record.load).length > 0 ? 'busy machine' : undefined,
    spreadWarning(figure) === undefined ? undefined : 'wide spread',
  ].filter((r) => r !== undefined);
  return reasons.length === 0 ? 'quiet' : `⚠ ${reasons.join(', ')}`;
}

function summaryRows(records: readonly BenchRecord[]): string[][] {
  return records.flatMap((record) =>
    record.result.figures
      .filter((figure) => figure.anchor !== undefined)
      .map((figure) => [
        `[${record.name}](#${anchorId(record.title)})`,
        figure.label,
        direction(figure),
        formatValue(headline(figure), figure.unit),
        ...anchorCells(figure),
        runState(record, figure),
      ]),
  );
}

/** The GitHub heading anchor of a section title. */
export function anchorId(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** The whole docs/performance.md, from the stored records in the order given. */
export function renderReport(records: readonly BenchRecord[]): string {
  const intro = [
    '# Performance',
    '<!-- Generated by `npm run bench` from docs/performance/*.json; edit the benchmarks, not this file. -->',
    "Every figure below was measured by `npm run bench` (all benchmarks, under 20 minutes) or `npm run bench -- <name>` (one), on the machine named in its section, and is compared with its anchor: KubeVirt's published numbers (`kubevirt.md` §5 of the project's reference notes) or a bare-QEMU / direct-path run measured in the same run. A ratio above ×1 means Podvisor's figure is larger than the anchor's; read it with the figure's direction. Sections whose machine was busy say so. Re-measure before quoting.",
    '## Summary',
    markdownTable(
      ['benchmark', 'figure', 'better', 'Podvisor', 'anchor', 'ratio', 'run'],
      summaryRows(records),
    ),
  ];
  return `${[...intro, ...records.map(renderSection)].join('\n\n')}\n`;
}

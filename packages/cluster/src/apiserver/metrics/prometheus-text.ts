// Prometheus' text exposition format (version 0.0.4), for the few metrics the API server keeps.

/** The content type of the text exposition format. */
export const prometheusTextContentType = 'text/plain; version=0.0.4; charset=utf-8';

/** One series of a metric: its labels (name → value) and its current value. */
export interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A metric family as rendered: name, help text, type and its series. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly series: readonly Series[];
}

/** Escapes a label value: backslash, double quote and line feed, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="1",b="2"}` with the labels in name order (as Prometheus' clients print them); empty for none. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  return `{${names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`).join(',')}}`;
}

/** Renders metric families as Prometheus text: `# HELP`, `# TYPE`, then one line per series. */
export function renderPrometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const series of family.series)
      lines.push(`${family.name}${formatLabels(series.labels)} ${formatValue(series.value)}`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

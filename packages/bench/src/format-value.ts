import type { Unit } from './benchmark.ts';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function digits(value: number, fractionDigits: number): string {
  return new Intl.NumberFormat('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** An integer as is; otherwise two decimals below 10, one below 100, none above. */
function scaled(value: number): string {
  const size = Math.abs(value);
  if (Number.isInteger(value)) return grouped.format(value);
  if (size < 10) return digits(value, 2);
  if (size < 100) return digits(value, 1);
  return grouped.format(value);
}

/** A value in its unit as the report prints it: "412 ms", "1.26 s", "223 MiB", "786/s". */
export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return Math.abs(value) >= 10_000 ? `${digits(value / 1000, 1)} s` : `${scaled(value)} ms`;
    case 's':
      return `${digits(value, 2)} s`;
    case 'per s':
      return `${scaled(value)}/s`;
    case 'count':
      return scaled(value);
    case 'ratio':
      return `×${digits(value, 2)}`;
    default:
      return `${scaled(value)} ${unit}`;
  }
}

/** Podvisor's figure against its anchor: "×1.16". */
export function formatRatio(value: number, anchor: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(anchor) || anchor === 0) return '—';
  const ratio = value / anchor;
  return `×${digits(ratio, ratio >= 10 ? 1 : 2)}`;
}

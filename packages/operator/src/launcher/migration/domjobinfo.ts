/** The numbers of `virsh domjobinfo` this launcher reports. */
export interface DomJobInfo {
  /** `None`, `Unbounded` (running), `Completed`, `Failed`, `Cancelled`. */
  readonly type: string;
  readonly operation?: string;
  readonly elapsedMs?: number;
  readonly dataProcessedBytes?: number;
  readonly dataRemainingBytes?: number;
  readonly dataTotalBytes?: number;
  readonly downtimeMs?: number;
  readonly errorMessage?: string;
}

const units: Readonly<Record<string, number>> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** `92.905 MiB` → bytes (rounded); undefined for anything else. */
function bytes(text: string | undefined): number | undefined {
  const match = /^(\d+(?:\.\d+)?) (B|KiB|MiB|GiB|TiB)$/.exec(text ?? '');
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return Math.round(Number(match[1]) * (units[match[2]] ?? 1));
}

/** `680          ms` → 680; undefined for anything else. */
function millis(text: string | undefined): number | undefined {
  const match = /^(\d+)\s+ms$/.exec(text ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The `Key: value` lines of virsh's output. */
function fields(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) found.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return found;
}

/** Parses `virsh domjobinfo [--completed]` (libvirt 9.0's wording). */
export function parseDomJobInfo(text: string): DomJobInfo {
  const found = fields(text);
  const optional = <K extends keyof DomJobInfo>(key: K, value: DomJobInfo[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    type: found.get('Job type') ?? 'None',
    ...optional('operation', found.get('Operation')),
    ...optional('elapsedMs', millis(found.get('Time elapsed'))),
    ...optional('dataProcessedBytes', bytes(found.get('Data processed'))),
    ...optional('dataRemainingBytes', bytes(found.get('Data remaining'))),
    ...optional('dataTotalBytes', bytes(found.get('Data total'))),
    ...optional('downtimeMs', millis(found.get('Total downtime'))),
    ...optional('errorMessage', found.get('Error message')),
  };
}

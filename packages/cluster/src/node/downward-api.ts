import type { JsonObject } from '../apiserver/json.ts';
import { parseQuantity } from './quantity.ts';
import { readObject, readString } from './read-json.ts';

/** What the downward API reads besides the pod: the node's addresses and capacity. */
export interface DownwardContext {
  readonly pod: JsonObject;
  readonly podIP: string;
  readonly hostIP: string;
  /** The node's allocatable cpu (cores) and memory (bytes), used when a container has no limit. */
  readonly allocatable: { readonly cpu: number; readonly memory: number };
}

/** A downward API reference that cannot be resolved, with the message the pod reports. */
export class DownwardApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DownwardApiError';
  }
}

function formatMap(map: JsonObject): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(readString(map[key]))}`)
    .join('\n');
}

function subscripted(path: string, field: 'labels' | 'annotations'): string | undefined {
  const match = new RegExp(`^metadata\\.${field}\\['(.+)'\\]$`).exec(path);
  return match?.[1];
}

function metadataValue(meta: JsonObject, path: string): string | undefined {
  for (const field of ['labels', 'annotations'] as const) {
    const key = subscripted(path, field);
    if (key !== undefined) return readString(readObject(meta[field])[key]);
    if (path === `metadata.${field}`) return formatMap(readObject(meta[field]));
  }
  const simple: Record<string, string> = {
    'metadata.name': readString(meta['name']),
    'metadata.namespace': readString(meta['namespace']),
    'metadata.uid': readString(meta['uid']),
  };
  return simple[path];
}

/** The value of a `fieldRef.fieldPath` for a pod; throws {@link DownwardApiError} for unsupported paths. */
export function fieldRefValue(ctx: DownwardContext, fieldPath: string): string {
  const meta = readObject(ctx.pod['metadata']);
  const spec = readObject(ctx.pod['spec']);
  const fromMeta = metadataValue(meta, fieldPath);
  if (fromMeta !== undefined) return fromMeta;
  const values: Record<string, string> = {
    'spec.nodeName': readString(spec['nodeName']),
    'spec.serviceAccountName': readString(spec['serviceAccountName']),
    'status.podIP': ctx.podIP,
    'status.podIPs': ctx.podIP,
    'status.hostIP': ctx.hostIP,
    'status.hostIPs': ctx.hostIP,
  };
  const value = values[fieldPath];
  if (value === undefined) throw new DownwardApiError(`unsupported fieldPath: ${fieldPath}`);
  return value;
}

/** The value of a `resourceFieldRef` (`limits.cpu`, `requests.memory`…) for a container. */
export function resourceFieldValue(
  ctx: DownwardContext,
  container: JsonObject,
  ref: JsonObject,
): string {
  const resource = readString(ref['resource']);
  const [kind, name] = resource.split('.', 2);
  if ((kind !== 'limits' && kind !== 'requests') || name === undefined) {
    throw new DownwardApiError(`unsupported resource: ${resource}`);
  }
  const resources = readObject(container['resources']);
  const declared = readString(readObject(resources[kind])[name]);
  const fallback = readString(readObject(resources['limits'])[name]);
  const text = declared !== '' ? declared : kind === 'requests' ? fallback : '';
  let amount = text === '' ? undefined : parseQuantity(text);
  if (amount === undefined) amount = allocatableOf(ctx, name, kind);
  const divisor = parseQuantity(readString(ref['divisor'], '1')) ?? 1;
  return String(Math.ceil(amount / (divisor === 0 ? 1 : divisor)));
}

function allocatableOf(ctx: DownwardContext, name: string, kind: string): number {
  if (kind === 'requests') return 0;
  if (name === 'cpu') return ctx.allocatable.cpu;
  if (name === 'memory') return ctx.allocatable.memory;
  return 0;
}

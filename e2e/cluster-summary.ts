import type { Kubectl } from './podvisor-cli.ts';

/** One object of `kubectl get … -o json`, reduced to what the end-to-end checks read. */
export interface ObjectSummary {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** The `kubevirt.io` label (`virt-api`, `virt-handler`, `virt-launcher`…), or ''. */
  readonly component: string;
  /** Pods: `spec.nodeName`; VMIs: `status.nodeName`; otherwise ''. */
  readonly node: string;
  /** Pods and VMIs: `status.phase`; VMs: `status.printableStatus`; Nodes: `Ready` or `NotReady`. */
  readonly status: string;
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(value: unknown, key: string): unknown {
  return isJson(value) ? value[key] : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nodeReadiness(object: Json): string {
  const conditions = child(child(object, 'status'), 'conditions');
  const list: readonly unknown[] = Array.isArray(conditions) ? conditions : [];
  const ready = list.find((condition) => child(condition, 'type') === 'Ready');
  return child(ready, 'status') === 'True' ? 'Ready' : 'NotReady';
}

function statusOf(kind: string, object: Json): string {
  const status = child(object, 'status');
  if (kind === 'Node') return nodeReadiness(object);
  if (kind === 'VirtualMachine') return text(child(status, 'printableStatus'));
  return text(child(status, 'phase'));
}

function nodeOf(kind: string, object: Json): string {
  if (kind === 'Pod') return text(child(child(object, 'spec'), 'nodeName'));
  if (kind === 'VirtualMachineInstance') return text(child(child(object, 'status'), 'nodeName'));
  return '';
}

function summarize(object: Json): ObjectSummary {
  const kind = text(object['kind']);
  const metadata = child(object, 'metadata');
  return {
    kind,
    namespace: text(child(metadata, 'namespace')),
    name: text(child(metadata, 'name')),
    uid: text(child(metadata, 'uid')),
    component: text(child(child(metadata, 'labels'), 'kubevirt.io')),
    node: nodeOf(kind, object),
    status: statusOf(kind, object),
  };
}

/** The items of a `kubectl get … -o json` List, summarized; throws when the text is no List. */
export function summarizeList(json: string): ObjectSummary[] {
  const items = child(JSON.parse(json) as unknown, 'items');
  if (!Array.isArray(items)) throw new Error(`kubectl printed no List: ${json.slice(0, 200)}`);
  return items.filter(isJson).map(summarize);
}

/**
 * `kubectl get nodes,pods,vm,vmi -A -o json`, summarized; throws with kubectl's stderr when it
 * fails (inside `expect(…).toPass()` that means: try again).
 */
export async function readCluster(kubectl: Kubectl): Promise<ObjectSummary[]> {
  const result = await kubectl(['get', 'nodes,pods,vm,vmi', '-A', '-o', 'json']);
  if (result.code !== 0) throw new Error(`kubectl get failed (${result.code}): ${result.stderr}`);
  return summarizeList(result.stdout);
}

/** The objects of one kind, optionally only those matching `where`. */
export function objectsOf(
  objects: readonly ObjectSummary[],
  kind: string,
  where: Partial<ObjectSummary> = {},
): ObjectSummary[] {
  const wanted = Object.entries(where);
  return objects.filter(
    (object) =>
      object.kind === kind &&
      wanted.every(([key, value]) => object[key as keyof ObjectSummary] === value),
  );
}

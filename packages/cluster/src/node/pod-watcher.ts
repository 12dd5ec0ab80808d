import { ListWatch, Watch, type KubernetesListObject, type V1Pod } from '@kubernetes/client-node';
import type { Logger } from '@podvisor/kube';
import type { JsonObject } from '../apiserver/json.ts';
import type { KubeClient } from './kube-client.ts';

/** Called for every pod bound to the node as it appears, changes or disappears. */
export interface PodEvents {
  upsert(pod: JsonObject): void;
  remove(pod: JsonObject): void;
}

/** The informer over a node's pods. */
export interface PodWatcher {
  /** Resolves after the first complete list (all `upsert`s of existing pods were delivered). */
  readonly synced: Promise<void>;
  /** The pods currently bound to the node. */
  list(): JsonObject[];
  stop(): Promise<void>;
}

/**
 * Watches the pods bound to a node (`spec.nodeName=<node>`) with client-node's informer, and
 * restarts it after an error (client-node informers stop on any error but 410).
 */
export function watchNodePods(
  client: KubeClient,
  options: { nodeName: string; events: PodEvents; logger: Logger; restartMs?: number },
): PodWatcher {
  const selector = `spec.nodeName=${options.nodeName}`;
  const state = { lists: 0, stopped: false };
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const list = async (): Promise<KubernetesListObject<V1Pod>> => {
    const answer = await client.call(
      'GET',
      `/api/v1/pods?fieldSelector=${encodeURIComponent(selector)}`,
    );
    state.lists += 1;
    return answer as unknown as KubernetesListObject<V1Pod>;
  };
  const informer = new ListWatch<V1Pod>(
    '/api/v1/pods',
    new Watch(client.kubeConfig),
    list,
    false,
    undefined,
    selector,
  );
  informer.on('add', (pod) => {
    options.events.upsert(pod as unknown as JsonObject);
  });
  informer.on('update', (pod) => {
    options.events.upsert(pod as unknown as JsonObject);
  });
  informer.on('delete', (pod) => {
    options.events.remove(pod as unknown as JsonObject);
  });
  let timer: NodeJS.Timeout | undefined;
  const start = async (): Promise<void> => {
    const before = state.lists;
    await informer.start();
    if (state.lists > before) markSynced();
  };
  informer.on('error', (error) => {
    if (state.stopped) return;
    options.logger.warn({ err: error }, 'pod watch failed; restarting');
    timer = setTimeout(() => void start(), options.restartMs ?? 1000);
  });
  void start();
  return {
    synced,
    list: () => informer.list() as unknown as JsonObject[],
    stop: async () => {
      state.stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await informer.stop();
    },
  };
}

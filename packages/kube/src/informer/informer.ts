import {
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { KubeObject } from '../client/kube-object.ts';

/** A list answer: the items and the list's resourceVersion. */
export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}
import { requestJson } from '../client/request-json.ts';
import type { Logger } from '../log/create-logger.ts';
import { realClock, type Clock, type ClockTimer } from '../queue/clock.ts';
import { ObjectStore, type IndexFunction } from './object-store.ts';

/** Options of an {@link Informer}. */
export interface InformerOptions<T extends KubeObject> {
  readonly kubeConfig: KubeConfig;
  /** The collection to list and watch, e.g. `/api/v1/pods` or `/apis/kubevirt.io/v1/namespaces/ns/virtualmachines`. */
  readonly path: string;
  readonly logger: Logger;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Lists the collection; by default a plain JSON GET of `path` with the selectors. */
  readonly list?: () => Promise<KubeList<T>>;
  /** Secondary indexes by name, queried with `byIndex`. */
  readonly indexers?: Readonly<Record<string, IndexFunction<T>>>;
  readonly clock?: Clock;
  /** Restart backoff after a failed list or watch: 800 ms doubling to 30 s (client-go's reflector). */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
}

/** The handlers of an informer's object events. */
export interface InformerHandlers<T> {
  add: (object: T) => void;
  update: (object: T, old: T) => void;
  delete: (object: T) => void;
}

export type InformerEvent = keyof InformerHandlers<unknown>;

/** client-node's Watch, reporting when a watch starts (so the preceding list is applied) and each event. */
class ObservedWatch extends Watch {
  readonly #onWatch: () => void;
  readonly #onEvent: () => void;

  constructor(kubeConfig: KubeConfig, hooks: { onWatch: () => void; onEvent: () => void }) {
    super(kubeConfig);
    this.#onWatch = hooks.onWatch;
    this.#onEvent = hooks.onEvent;
  }

  override watch(...args: Parameters<Watch['watch']>): Promise<AbortController> {
    const [path, query, callback, done] = args;
    this.#onWatch();
    return super.watch(
      path,
      query,
      (phase, object, raw) => {
        this.#onEvent();
        callback(phase, object, raw);
      },
      done,
    );
  }
}

/**
 * A cache of one collection kept current by client-node's ListWatch, made robust: `synced`
 * resolves once the first list has been applied to the cache (not when `start()` returns), it
 * restarts itself with exponential backoff after any error (client-node stops on non-410
 * errors; a 410 makes it relist), and it keeps secondary indexes. Listed items get the `kind`
 * and `apiVersion` of their list. Cached objects are shared: never mutate them.
 */
export class Informer<T extends KubeObject> {
  /** Resolves once the cache holds a complete first list. */
  readonly synced: Promise<void>;
  readonly #options: InformerOptions<T>;
  readonly #clock: Clock;
  readonly #store: ObjectStore<T>;
  readonly #listWatch: ListWatch<KubernetesObject>;
  readonly #handlers: { [E in InformerEvent]: Set<InformerHandlers<T>[E]> } = {
    add: new Set(),
    update: new Set(),
    delete: new Set(),
  };
  #markSynced: () => void = () => undefined;
  #hasSynced = false;
  #listApplied = false;
  #failures = 0;
  #started = false;
  #stopped = false;
  #restart: ClockTimer | undefined;

  constructor(options: InformerOptions<T>) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.#store = new ObjectStore(options.indexers);
    this.synced = new Promise((resolve) => {
      this.#markSynced = resolve;
    });
    const watch = new ObservedWatch(options.kubeConfig, {
      onWatch: () => {
        this.#onWatchStarting();
      },
      onEvent: () => {
        this.#failures = 0;
      },
    });
    // client-node types its objects with Date timestamps; the wire (and T) carries strings.
    this.#listWatch = new ListWatch<KubernetesObject>(
      options.path,
      watch,
      async () => (await this.#list()) as KubernetesListObject<KubernetesObject>,
      false,
      options.labelSelector,
      options.fieldSelector,
    );
    this.#listWatch.on('add', (raw) => {
      const object = raw as T;
      this.#store.upsert(object);
      this.#emit('add', (h) => {
        h(object);
      });
    });
    this.#listWatch.on('update', (raw) => {
      const object = raw as T;
      const old = this.#store.upsert(object) ?? object;
      this.#emit('update', (h) => {
        h(object, old);
      });
    });
    this.#listWatch.on('delete', (raw) => {
      const object = raw as T;
      const old = this.#store.remove(object) ?? object;
      this.#emit('delete', (h) => {
        h(old);
      });
    });
    this.#listWatch.on('error', (error: unknown) => {
      this.#onError(error);
    });
  }

  /** Whether the first list has been applied to the cache. */
  hasSynced(): boolean {
    return this.#hasSynced;
  }

  /** Registers an event handler; returns a function that removes it. Handlers must not throw or block. */
  on<E extends InformerEvent>(event: E, handler: InformerHandlers<T>[E]): () => void {
    const handlers = this.#handlers[event] as Set<InformerHandlers<T>[E]>;
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Starts listing and watching (once); await `synced` for a complete cache. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#launch();
  }

  /** Stops watching and cancels any pending restart; the cache keeps its last state. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#restart?.cancel();
    this.#restart = undefined;
    await this.#listWatch.stop();
  }

  /** The cached object of `key` (`namespace/name`, or `name` when cluster-scoped). */
  get(key: string): T | undefined {
    return this.#store.get(key);
  }

  /** The cached objects, all or those of one namespace. */
  list(namespace?: string): T[] {
    return this.#store.list(namespace);
  }

  /** The cached objects under `value` in the index `name` given in `indexers`. */
  byIndex(name: string, value: string): T[] {
    return this.#store.byIndex(name, value);
  }

  async #list(): Promise<KubeList<T>> {
    const list = await (this.#options.list ?? (() => this.#defaultList()))();
    // client-node's ListWatch starts its watch after a list that was in flight when it was
    // stopped, and that watch would keep the process alive: a failed list makes it give up.
    if (this.#stopped) throw new Error(`the informer of ${this.#options.path} was stopped`);
    if (!Array.isArray(list.items))
      throw new Error(`the list of ${this.#options.path} has no items`);
    const kind = list.kind?.replace(/List$/, '');
    for (const item of list.items) {
      if (item.kind === undefined && kind !== undefined) item.kind = kind;
      if (item.apiVersion === undefined && list.apiVersion !== undefined) {
        item.apiVersion = list.apiVersion;
      }
    }
    this.#failures = 0;
    this.#listApplied = true;
    return list;
  }

  async #defaultList(): Promise<KubeList<T>> {
    const body = await requestJson(this.#options.kubeConfig, {
      method: 'GET',
      path: this.#options.path,
      query: {
        labelSelector: this.#options.labelSelector,
        fieldSelector: this.#options.fieldSelector,
      },
    });
    return body as KubeList<T>;
  }

  /** ListWatch starts a watch only after applying its list: the cache is complete now. */
  #onWatchStarting(): void {
    if (!this.#listApplied || this.#hasSynced) return;
    this.#hasSynced = true;
    this.#options.logger.debug(
      { path: this.#options.path, objects: this.#store.size },
      'informer synced',
    );
    this.#markSynced();
  }

  #launch(): void {
    this.#listWatch.start().catch((error: unknown) => {
      this.#onError(error);
    });
  }

  #onError(error: unknown): void {
    if (this.#stopped || this.#restart) return;
    const initialMs = this.#options.backoff?.initialMs ?? 800;
    const maxMs = this.#options.backoff?.maxMs ?? 30_000;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.#failures, 30));
    this.#failures += 1;
    this.#options.logger.warn(
      { err: error, path: this.#options.path, retryInMs: delay },
      'informer failed; restarting it',
    );
    this.#restart = this.#clock.setTimer(() => {
      this.#restart = undefined;
      if (!this.#stopped) this.#launch();
    }, delay);
  }

  #emit<E extends InformerEvent>(event: E, call: (handler: InformerHandlers<T>[E]) => void): void {
    for (const handler of this.#handlers[event]) {
      try {
        call(handler);
      } catch (error: unknown) {
        this.#options.logger.error({ err: error, event }, 'informer event handler threw');
      }
    }
  }
}

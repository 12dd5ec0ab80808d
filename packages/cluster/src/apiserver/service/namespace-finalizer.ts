import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../json.ts';
import { hasFinalizers, isDeleting, metaString } from '../objects/lifecycle.ts';
import { resourcePrefix } from '../registry/resource-definition.ts';
import { deleteObject } from './delete-object.ts';
import { namespaceKey } from './namespaces.ts';
import type { ServiceContext } from './service-context.ts';

const retryMs = 1000;

/**
 * Completes namespace deletion, as kube-controller-manager's namespace controller does: deletes
 * everything in a terminating namespace, waits for objects held by finalizers, then removes the
 * `kubernetes` finalizer and the namespace itself.
 */
export class NamespaceFinalizer {
  readonly #ctx: ServiceContext;
  readonly #logger: Logger;
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #running = new Set<string>();
  #stopped = false;

  constructor(ctx: ServiceContext, logger: Logger) {
    this.#ctx = ctx;
    this.#logger = logger;
  }

  /** Starts (or keeps) clearing a namespace. */
  terminate(name: string): void {
    if (this.#stopped || this.#pending.has(name) || this.#running.has(name)) return;
    this.#schedule(name, 0);
  }

  /** Resumes namespaces that were terminating when the server stopped. */
  resume(): void {
    for (const ns of this.#ctx.store.list('/core/namespaces/').items)
      if (isDeleting(ns)) this.terminate(metaString(ns, 'name'));
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }

  #schedule(name: string, delayMs: number): void {
    this.#pending.set(
      name,
      setTimeout(() => {
        void this.#step(name);
      }, delayMs),
    );
  }

  async #step(name: string): Promise<void> {
    this.#pending.delete(name);
    if (this.#stopped) return;
    this.#running.add(name);
    try {
      if (await this.#clearContents(name)) this.#finalize(name);
      else this.#schedule(name, retryMs);
    } catch (error) {
      this.#logger.warn({ namespace: name, err: error }, 'namespace cleanup failed; retrying');
      this.#schedule(name, retryMs);
    } finally {
      this.#running.delete(name);
    }
  }

  /** Deletes what is left; true when the namespace is empty. */
  async #clearContents(name: string): Promise<boolean> {
    let empty = true;
    const seen = new Set<string>();
    for (const def of this.#ctx.registry.all()) {
      const prefix = resourcePrefix(def);
      if (!def.namespaced || seen.has(prefix)) continue;
      seen.add(prefix);
      const { items } = this.#ctx.store.list(`${prefix}${name}/`);
      for (const item of items) {
        empty = false;
        if (!isDeleting(item) || !hasFinalizers(item)) {
          await deleteObject(
            this.#ctx,
            { def, namespace: name, name: metaString(item, 'name') },
            {
              dryRun: false,
              gracePeriodSeconds: undefined,
              propagationPolicy: undefined,
              preconditions: {},
            },
          );
        }
      }
    }
    return empty;
  }

  /** Removes the namespace once it is empty, unless finalizers of its own still hold it. */
  #finalize(name: string): void {
    const ns: KubeObject | undefined = this.#ctx.store.get(namespaceKey(name));
    if (ns === undefined) return;
    if (hasFinalizers(ns)) {
      this.#schedule(name, retryMs);
      return;
    }
    this.#ctx.store.delete(namespaceKey(name), Number(metaString(ns, 'resourceVersion')));
    this.#logger.info({ namespace: name }, 'namespace deleted');
  }
}

import type { Logger } from '@podvisor/kube';
import type { KubeObject } from '../json.ts';
import type { Store } from '../storage/index.ts';
import { readWebhookConfiguration, type Webhook } from './webhook-config.ts';

/** The webhooks of one configuration resource, kept current from the store. */
export interface WebhookSource {
  /** Every webhook, configurations ordered by name, webhooks in their configuration's order. */
  webhooks(): readonly Webhook[];
  close(): void;
}

/**
 * Lists the configurations under `prefix` once, then follows the store's watch so that a
 * configuration written through the API applies to the very next request.
 */
export function watchWebhookConfigurations(
  store: Store,
  prefix: string,
  logger: Logger,
): WebhookSource {
  const configurations = new Map<string, KubeObject>();
  let cached: readonly Webhook[] | undefined;
  const { items, revision } = store.list(prefix);
  for (const item of items) {
    const name = item.metadata['name'];
    if (typeof name === 'string') configurations.set(name, item);
  }
  const stop = store.watch(prefix, revision, (event) => {
    const name = event.object.metadata['name'];
    if (typeof name !== 'string') return;
    if (event.type === 'DELETED') configurations.delete(name);
    else configurations.set(name, event.object);
    cached = undefined;
    logger.debug({ configuration: name, event: event.type }, 'webhook configuration changed');
  });
  return {
    webhooks() {
      cached ??= [...configurations.keys()].sort().flatMap((name) => {
        const configuration = configurations.get(name);
        return configuration === undefined ? [] : readWebhookConfiguration(configuration);
      });
      return cached;
    },
    close: stop,
  };
}

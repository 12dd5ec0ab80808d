import type { Store } from '../storage/index.ts';
import { readApiService, type ApiService } from './api-service.ts';

const prefix = '/apiregistration.k8s.io/apiservices/';

/** The APIServices in the store, kept current by watch. */
export interface ApiServiceCache {
  all(): readonly ApiService[];
  get(name: string): ApiService | undefined;
  close(): void;
}

/** Lists the APIServices once and follows the store's watch; `onChange` hears every change. */
export function watchApiServices(
  store: Store,
  onChange: (name: string, deleted: boolean) => void,
): ApiServiceCache {
  const services = new Map<string, ApiService>();
  let ordered: readonly ApiService[] | undefined;
  const { items, revision } = store.list(prefix);
  for (const item of items) {
    const parsed = readApiService(item);
    services.set(parsed.name, parsed);
  }
  const stop = store.watch(prefix, revision, (event) => {
    const parsed = readApiService(event.object);
    if (event.type === 'DELETED') services.delete(parsed.name);
    else services.set(parsed.name, parsed);
    ordered = undefined;
    onChange(parsed.name, event.type === 'DELETED');
  });
  return {
    all() {
      ordered ??= [...services.values()].sort((a, b) => a.name.localeCompare(b.name));
      return ordered;
    },
    get: (name) => services.get(name),
    close: stop,
  };
}

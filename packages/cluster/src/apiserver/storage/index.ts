export {
  openStore,
  type ListOptions,
  type ListResult,
  type Store,
  type StoreErrorSource,
  type StoreOptions,
} from './open-store.ts';
export { isStoreError, StoreError, type StoreErrorCode } from './store-error.ts';
export type { WatchEvent, WatchEventType } from './watch-event.ts';
export type { WatchListener } from './watch-hub.ts';

export {
  createWatchHub,
  type WatchHub,
  type WatchHubOptions,
  type WatchHubStats,
} from './watch-hub.ts';
export * from './watch-protocol.ts';

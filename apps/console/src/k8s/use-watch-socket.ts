import { createContext, useContext, useSyncExternalStore } from 'react';
import { createWatchSocket, type WatchSocket, type WatchSocketState } from './watch-socket.ts';

/** The watch socket of a subtree; without a provider, the page's own ({@link pageWatchSocket}). */
export const WatchSocketContext = createContext<WatchSocket | undefined>(undefined);

let pageSocket: WatchSocket | undefined;

/** The page's one watch socket, created on first use (it connects only when something subscribes). */
export function pageWatchSocket(): WatchSocket {
  pageSocket ??= createWatchSocket();
  return pageSocket;
}

/** The watch socket the nearest `WatchSocketProvider` gives, else the page's own. */
export function useWatchSocket(): WatchSocket {
  return useContext(WatchSocketContext) ?? pageWatchSocket();
}

/** The watch socket's connection state, re-rendering on each change (for a "reconnecting" banner). */
export function useWatchSocketState(): WatchSocketState {
  const socket = useWatchSocket();
  return useSyncExternalStore(
    (notify) => socket.onState(notify),
    () => socket.state(),
  );
}

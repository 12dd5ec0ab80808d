import type { ReactElement, ReactNode } from 'react';
import { pageWatchSocket, WatchSocketContext } from './use-watch-socket.ts';
import type { WatchSocket } from './watch-socket.ts';

/**
 * Gives `socket` (default: the page's own, created lazily) to every watch hook below; tests pass
 * a fake.
 */
export function WatchSocketProvider(props: {
  readonly socket?: WatchSocket;
  readonly children?: ReactNode;
}): ReactElement {
  return (
    <WatchSocketContext value={props.socket ?? pageWatchSocket()}>
      {props.children}
    </WatchSocketContext>
  );
}

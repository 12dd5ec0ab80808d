import type { WatchClientMessage, WatchServerMessage } from '@podvisor/bff/protocol';
import type { WebSocketLike } from './watch-socket.ts';

/**
 * A stand-in for the browser's `WebSocket` at the network boundary, for tests: it records what
 * the client sends and lets the test open it, deliver server batches and close it.
 */
export class FakeWebSocket implements WebSocketLike {
  readonly url: string;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  /** Every client message, parsed. */
  readonly sent: WatchClientMessage[] = [];
  /** How the client closed it, if it did. */
  closedWith:
    { readonly code: number | undefined; readonly reason: string | undefined } | undefined;

  constructor(url: string) {
    this.url = url;
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as WatchClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.readyState = 3;
    this.closedWith = { code, reason };
  }

  /** The server accepted the socket. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The server sent one batch frame. */
  receive(...messages: WatchServerMessage[]): void {
    const data = JSON.stringify({ type: 'batch', messages });
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  /** The connection ended from the server's side (1006: dropped without a close frame). */
  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onerror?.(new Event('error'));
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }

  /** The ids of the live subscriptions the client asked for (subscribed and not unsubscribed). */
  subscriptions(): WatchClientMessage[] {
    const ended = new Set(this.sent.filter((m) => m.type === 'unsubscribe').map((m) => m.id));
    return this.sent.filter((m) => m.type === 'subscribe' && !ended.has(m.id));
  }
}

/** A `createSocket` that makes {@link FakeWebSocket}s, and every socket it made. */
export function fakeSockets(): {
  readonly sockets: FakeWebSocket[];
  readonly createSocket: (url: string) => FakeWebSocket;
  /** The newest socket (fails the test when there is none). */
  last(): FakeWebSocket;
} {
  const sockets: FakeWebSocket[] = [];
  return {
    sockets,
    createSocket: (url) => {
      const socket = new FakeWebSocket(url);
      sockets.push(socket);
      return socket;
    },
    last: () => {
      const socket = sockets.at(-1);
      if (socket === undefined) throw new Error('no socket was created');
      return socket;
    },
  };
}

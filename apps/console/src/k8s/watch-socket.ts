import {
  watchCloseCodes,
  watchSocketPath,
  type WatchEventType,
  type WatchObject,
  type WatchServerMessage,
  type WatchStatus,
  type WatchSubscribe,
} from '@podvisor/bff/protocol';

/** What to watch: a collection (optionally narrowed), or one object with `name`. */
export interface WatchQuery {
  /** API group; `''` for the core API. */
  readonly group: string;
  readonly version: string;
  /** The plural resource name, e.g. `pods`. */
  readonly resource: string;
  /** Absent (or `''`): every namespace, or a cluster-scoped resource. */
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

/**
 * What a listener hears: a `snapshot` (the complete current set: REPLACE what you hold), an
 * `event` (one change after it), or an `error` (a Kubernetes Status; the subscription has ended).
 */
export type WatchUpdate =
  | { readonly kind: 'snapshot'; readonly items: readonly WatchObject[] }
  | { readonly kind: 'event'; readonly event: WatchEventType; readonly object: WatchObject }
  | { readonly kind: 'error'; readonly status: WatchStatus };

/** The socket's connection, for a banner: `closed` also means "nothing to watch". */
export type WatchSocketState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of a browser `WebSocket` the watch socket uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Reconnect delays: `initialMs`, growing by `factor` per failed try, capped at `maxMs`. */
export interface WatchBackoff {
  readonly initialMs?: number;
  readonly factor?: number;
  readonly maxMs?: number;
}

/** How to build a watch socket; every field has a default fit for the page. */
export interface WatchSocketOptions {
  /** Default: `/api/watch` on the page's host, `wss:` on an https page. */
  readonly url?: string;
  /** Default: `new WebSocket(url)`. */
  readonly createSocket?: (url: string) => WebSocketLike;
  /** Default: 1 s, ×1.5, at most 30 s. */
  readonly backoff?: WatchBackoff;
  /** How long a server subscription outlives its last listener (default 100 ms). */
  readonly unsubscribeDelayMs?: number;
}

/** One multiplexed `/api/watch` socket shared by everything on the page. */
export interface WatchSocket {
  /**
   * Starts hearing `query`: identical queries share one server subscription; a listener joining
   * a live one hears its current set at once. Returns the function that stops hearing it.
   */
  subscribe(query: WatchQuery, listener: (update: WatchUpdate) => void): () => void;
  state(): WatchSocketState;
  /** Hears every change of {@link WatchSocket.state}; returns the function that stops it. */
  onState(listener: (state: WatchSocketState) => void): () => void;
  /** Ends every subscription and closes the socket for good (tests, page teardown). */
  close(): void;
}

type Listener = (update: WatchUpdate) => void;

/** One server subscription and its listeners. */
interface Entry {
  readonly key: string;
  readonly query: WatchQuery;
  /** Wrapped so that the same function may listen twice. */
  readonly listeners: Set<{ readonly listener: Listener }>;
  /** The current set by namespace/name; undefined before the first snapshot. */
  items: Map<string, WatchObject> | undefined;
  /** The Status that ended the subscription. */
  status: WatchStatus | undefined;
  /** The id of its subscription on the current socket, once sent. */
  id: string | undefined;
  releaseTimer: ReturnType<typeof setTimeout> | undefined;
}

const normalClose = 1000;

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

/** The key equal for queries the server would treat alike. */
export function watchQueryKey(query: WatchQuery): string {
  return JSON.stringify([
    query.group,
    query.version,
    query.resource,
    query.namespace ?? '',
    query.name ?? null,
    query.labelSelector ?? '',
    query.fieldSelector ?? '',
  ]);
}

function subscribeMessage(id: string, query: WatchQuery): WatchSubscribe {
  const optional = {
    namespace: nonEmpty(query.namespace),
    name: query.name,
    labelSelector: nonEmpty(query.labelSelector),
    fieldSelector: nonEmpty(query.fieldSelector),
  };
  const present = Object.entries(optional).filter(([, value]) => value !== undefined);
  return {
    type: 'subscribe',
    id,
    group: query.group,
    version: query.version,
    resource: query.resource,
    ...(Object.fromEntries(present) as Partial<WatchSubscribe>),
  };
}

/** The identity of an object within one subscription's set. */
export function watchObjectKey(object: WatchObject): string {
  const { namespace, name, uid } = object.metadata;
  return name === undefined ? `uid:${uid ?? ''}` : `${namespace ?? ''}/${name}`;
}

function messagesOf(data: unknown): readonly WatchServerMessage[] {
  if (typeof data !== 'string') return [];
  try {
    const frame = JSON.parse(data) as { type?: unknown; messages?: unknown };
    return frame.type === 'batch' && Array.isArray(frame.messages)
      ? (frame.messages as WatchServerMessage[])
      : [];
  } catch {
    return [];
  }
}

function defaultUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${watchSocketPath}`;
}

function clientBugStatus(message: string): WatchStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: 400,
    reason: 'BadRequest',
    message,
  };
}

class MultiplexedWatchSocket implements WatchSocket {
  readonly #url: () => string;
  readonly #createSocket: (url: string) => WebSocketLike;
  readonly #backoff: Required<WatchBackoff>;
  readonly #unsubscribeDelayMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #byId = new Map<string, Entry>();
  readonly #stateListeners = new Set<{ readonly listener: (state: WatchSocketState) => void }>();
  #socket: WebSocketLike | undefined;
  #state: WatchSocketState = 'closed';
  #attempt = 0;
  #nextId = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: WatchSocketOptions) {
    const { url } = options;
    this.#url = url === undefined ? defaultUrl : () => url;
    this.#createSocket = options.createSocket ?? ((target) => new WebSocket(target));
    this.#backoff = {
      initialMs: options.backoff?.initialMs ?? 1000,
      factor: options.backoff?.factor ?? 1.5,
      maxMs: options.backoff?.maxMs ?? 30_000,
    };
    this.#unsubscribeDelayMs = options.unsubscribeDelayMs ?? 100;
  }

  subscribe(query: WatchQuery, listener: Listener): () => void {
    const entry = this.#entryFor(query);
    clearTimeout(entry.releaseTimer);
    entry.releaseTimer = undefined;
    const token = { listener };
    entry.listeners.add(token);
    if (entry.status !== undefined) listener({ kind: 'error', status: entry.status });
    else if (entry.items !== undefined)
      listener({ kind: 'snapshot', items: [...entry.items.values()] });
    return () => {
      if (!entry.listeners.delete(token) || entry.listeners.size > 0) return;
      entry.releaseTimer = setTimeout(() => {
        this.#release(entry);
      }, this.#unsubscribeDelayMs);
    };
  }

  state(): WatchSocketState {
    return this.#state;
  }

  onState(listener: (state: WatchSocketState) => void): () => void {
    const token = { listener };
    this.#stateListeners.add(token);
    return () => {
      this.#stateListeners.delete(token);
    };
  }

  close(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.releaseTimer);
    this.#entries.clear();
    this.#disconnect();
  }

  #entryFor(query: WatchQuery): Entry {
    const key = watchQueryKey(query);
    const existing = this.#entries.get(key);
    if (existing !== undefined) return existing;
    const entry: Entry = {
      key,
      query,
      listeners: new Set(),
      items: undefined,
      status: undefined,
      id: undefined,
      releaseTimer: undefined,
    };
    this.#entries.set(key, entry);
    if (this.#state === 'open') this.#sendSubscribe(entry);
    else this.#ensureConnecting();
    return entry;
  }

  #release(entry: Entry): void {
    entry.releaseTimer = undefined;
    if (entry.listeners.size > 0 || this.#entries.get(entry.key) !== entry) return;
    this.#entries.delete(entry.key);
    if (entry.id !== undefined) {
      this.#byId.delete(entry.id);
      this.#send({ type: 'unsubscribe', id: entry.id });
    }
    if (this.#entries.size === 0) this.#disconnect();
  }

  #setState(next: WatchSocketState): void {
    if (next === this.#state) return;
    this.#state = next;
    for (const { listener } of [...this.#stateListeners]) listener(next);
  }

  #send(message: object): void {
    if (this.#state === 'open') this.#socket?.send(JSON.stringify(message));
  }

  #sendSubscribe(entry: Entry): void {
    this.#nextId += 1;
    const id = `w${String(this.#nextId)}`;
    entry.id = id;
    this.#byId.set(id, entry);
    this.#send(subscribeMessage(id, entry.query));
  }

  #ensureConnecting(): void {
    if (this.#socket !== undefined || this.#reconnectTimer !== undefined) return;
    this.#setState('connecting');
    this.#connect();
  }

  #connect(): void {
    let socket: WebSocketLike;
    try {
      socket = this.#createSocket(this.#url());
    } catch (error) {
      // A malformed URL: retrying cannot help.
      const detail = error instanceof Error ? error.message : String(error);
      this.#failAll(clientBugStatus(`the watch socket could not be opened: ${detail}`));
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      if (this.#socket === socket) this.#opened();
    };
    socket.onmessage = (event) => {
      if (this.#socket === socket) for (const m of messagesOf(event.data)) this.#dispatch(m);
    };
    socket.onclose = (event) => {
      if (this.#socket === socket) this.#closed(event.code, event.reason);
    };
    socket.onerror = () => undefined; // a close event follows
  }

  #opened(): void {
    this.#attempt = 0;
    this.#setState('open');
    for (const entry of this.#entries.values()) this.#sendSubscribe(entry);
  }

  #dispatch(message: WatchServerMessage): void {
    const entry = message.id === null ? undefined : this.#byId.get(message.id);
    if (entry === undefined) return;
    const update = this.#apply(entry, message);
    if (update === undefined) return;
    for (const { listener } of [...entry.listeners]) listener(update);
  }

  #apply(entry: Entry, message: WatchServerMessage): WatchUpdate | undefined {
    switch (message.type) {
      case 'snapshot':
        entry.items = new Map(message.items.map((item) => [watchObjectKey(item), item]));
        entry.status = undefined;
        return { kind: 'snapshot', items: message.items };
      case 'event': {
        const items = entry.items ?? new Map<string, WatchObject>();
        entry.items = items;
        if (message.event === 'DELETED') items.delete(watchObjectKey(message.object));
        else items.set(watchObjectKey(message.object), message.object);
        return { kind: 'event', event: message.event, object: message.object };
      }
      case 'error':
        this.#byId.delete(entry.id ?? '');
        entry.id = undefined;
        entry.status = message.status;
        return { kind: 'error', status: message.status };
    }
  }

  #closed(code: number, reason: string): void {
    this.#socket = undefined;
    this.#byId.clear();
    for (const entry of this.#entries.values()) entry.id = undefined;
    if (this.#entries.size === 0) this.#setState('closed');
    else if (code === watchCloseCodes.badMessage)
      this.#failAll(
        clientBugStatus(
          `the watch socket was closed by the server: ${reason || 'malformed frame'}`,
        ),
      );
    else this.#scheduleReconnect();
  }

  /** After `badMessage` retrying would repeat the bug: every subscription ends with an error. */
  #failAll(status: WatchStatus): void {
    this.#setState('closed');
    for (const entry of this.#entries.values()) {
      entry.status = status;
      for (const { listener } of [...entry.listeners]) listener({ kind: 'error', status });
    }
  }

  #scheduleReconnect(): void {
    const { initialMs, factor, maxMs } = this.#backoff;
    const delay = Math.min(maxMs, initialMs * factor ** this.#attempt);
    this.#attempt += 1;
    this.#setState('reconnecting');
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#entries.size === 0) this.#setState('closed');
      else this.#connect();
    }, delay);
  }

  #disconnect(): void {
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#byId.clear();
    const socket = this.#socket;
    this.#socket = undefined;
    this.#attempt = 0;
    this.#setState('closed');
    if (socket === undefined) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close(normalClose, 'nothing to watch');
  }
}

/**
 * Creates the page's multiplexed watch socket (`/api/watch`). It opens lazily with the first
 * subscription and closes when the last one ends; a server subscription ends
 * `unsubscribeDelayMs` after its last listener leaves (so a StrictMode remount reuses it). After
 * an abnormal close, `tooSlow` or `goingAway` it reconnects with backoff and resubscribes
 * everything, keeping each set until the server's fresh snapshot replaces it.
 */
export function createWatchSocket(options: WatchSocketOptions = {}): WatchSocket {
  return new MultiplexedWatchSocket(options);
}

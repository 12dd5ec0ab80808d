/**
 * The wire protocol of `/api/watch`: one websocket per browser tab multiplexes every live list the
 * tab shows. Types and constants only (no Node imports), so the SPA can import this file.
 *
 * Client → server, one JSON object per text frame (at most {@link maxClientFrameBytes}):
 * - `{type:'subscribe', id, group, version, resource, namespace?, name?, labelSelector?,
 *   fieldSelector?}` starts a subscription. `id` is chosen by the client and unique per socket
 *   while the subscription lives. `group` is `''` for the core API; `resource` is the plural
 *   (`configmaps`); no `namespace` means all namespaces; `name` watches one object.
 * - `{type:'unsubscribe', id}` ends it. Unsubscribing an unknown id is a no-op, so a client may
 *   unsubscribe after the server already ended the subscription with an `error`.
 *
 * Server → client: every frame is one {@link WatchBatch} `{type:'batch', messages:[...]}`; apply its
 * messages in order. Each message is one of:
 * - `snapshot` — the complete current set of the subscription: sent first, and again after any
 *   relist (410 Expired). The client REPLACES its set with `items`, so nothing is lost or doubled.
 * - `event` — one change (`ADDED` | `MODIFIED` | `DELETED`) after the last snapshot.
 * - `error` — a Kubernetes `Status`. It ENDS the subscription (its id may be reused):
 *   403 when the user may not list the resource (nothing of it is ever sent), 400 for a malformed
 *   subscription (the message names the field; `id` is `null` when the message had no usable id),
 *   404 for an unknown resource, 401 when the credential was rejected.
 *
 * Transient upstream failures (API server restarting, watch timeouts) are invisible: the server
 * resumes from the last resourceVersion, or relists and sends a fresh `snapshot`.
 *
 * The server closes the socket with one of {@link watchCloseCodes} (reason in
 * {@link watchCloseReasons}); after `tooSlow` or `goingAway` the client reconnects and
 * resubscribes; after `badMessage` it has a bug.
 */

import type { KubeStatus } from '../upstream/upstream-error.ts';

/** The path the BFF serves the multiplexed watch socket on. */
export const watchSocketPath = '/api/watch';

/** The largest client frame the server reads; a bigger one closes the socket with `badMessage`. */
export const maxClientFrameBytes = 64 * 1024;

/** Subscribes to a live list (or one object, with `name`). */
export interface WatchSubscribe {
  readonly type: 'subscribe';
  readonly id: string;
  /** API group; `''` for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  /** The resource's plural name, e.g. `configmaps`. */
  readonly resource: string;
  /** Absent: every namespace (or a cluster-scoped resource). */
  readonly namespace?: string;
  /** One object by name (becomes `fieldSelector=metadata.name=<name>`). */
  readonly name?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** Ends a subscription. */
export interface WatchUnsubscribe {
  readonly type: 'unsubscribe';
  readonly id: string;
}

/** What the client sends. */
export type WatchClientMessage = WatchSubscribe | WatchUnsubscribe;

/** A Kubernetes object as the watch carries it. */
export interface WatchObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly resourceVersion?: string;
    readonly uid?: string;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** A Kubernetes `Status` (the failure shape of the API server). */
export type WatchStatus = KubeStatus;

/** The full current set of a subscription; replaces whatever the client held. */
export interface WatchSnapshot {
  readonly type: 'snapshot';
  readonly id: string;
  readonly items: readonly WatchObject[];
  readonly resourceVersion: string;
}

/** The kinds of change an `event` carries. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change since the last snapshot. */
export interface WatchEvent {
  readonly type: 'event';
  readonly id: string;
  readonly event: WatchEventType;
  readonly object: WatchObject;
}

/** The subscription failed and has ended. */
export interface WatchError {
  readonly type: 'error';
  /** `null` when the client message that failed had no usable id. */
  readonly id: string | null;
  readonly status: WatchStatus;
}

/** One message inside a batch. */
export type WatchServerMessage = WatchSnapshot | WatchEvent | WatchError;

/** The only frame the server sends. */
export interface WatchBatch {
  readonly type: 'batch';
  readonly messages: readonly WatchServerMessage[];
}

/** Close codes of the watch socket (4000–4999 is the application range; 1001 is standard). */
export const watchCloseCodes = {
  /** The client read too slowly: its buffer or queue passed the server's bound. Reconnect. */
  tooSlow: 4429,
  /** A frame was not JSON, binary, or too big. A client bug; do not retry blindly. */
  badMessage: 4400,
  /** The server is shutting down. Reconnect (to another replica). */
  goingAway: 1001,
} as const;

/** The close reason sent with each of {@link watchCloseCodes}. */
export const watchCloseReasons = {
  tooSlow: 'client too slow: reconnect and resubscribe',
  badMessage: 'malformed frame: expected one JSON object per text frame',
  goingAway: 'server shutting down',
} as const satisfies Record<keyof typeof watchCloseCodes, string>;

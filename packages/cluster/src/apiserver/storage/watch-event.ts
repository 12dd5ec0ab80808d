import type { KubeObject } from '../json.ts';

/** The kind of change a watch event reports. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed write, as watchers receive it. Objects in events are deep-frozen and shared. */
export interface WatchEvent {
  readonly type: WatchEventType;
  readonly key: string;
  /** The object after the change; for DELETED, the last state carrying the deletion's revision. */
  readonly object: KubeObject;
  /** The object before the change (absent for ADDED). */
  readonly previous?: KubeObject;
  /** The revision of this write (equal to `object.metadata.resourceVersion`). */
  readonly revision: number;
}

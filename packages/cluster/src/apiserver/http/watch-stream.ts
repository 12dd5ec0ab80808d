import { metaString } from '../objects/lifecycle.ts';
import type { ServerResponse } from 'node:http';
import type { Logger } from '@podvisor/kube';
import type { Json, JsonObject, KubeObject } from '../json.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import type { ObjectFilter } from '../service/list-filter.ts';
import { collectionPrefix } from '../service/read-objects.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { statusErrors } from '../status-error.ts';
import { StoreError, type WatchEvent } from '../storage/index.ts';
import { tableOf, type IncludeObject } from './table-response.ts';

/** What a watch request asked for. */
export interface WatchRequest {
  readonly def: ResourceDefinition;
  readonly namespace: string;
  readonly filter: ObjectFilter;
  readonly resourceVersion: string;
  readonly timeoutSeconds: number | undefined;
  readonly bookmarks: boolean;
  readonly table: { includeObject: IncludeObject } | undefined;
}

/** Server-side cap on a watch, randomised as kube-apiserver does so clients do not reconnect in step. */
const maxWatchSeconds = (): number => 1800 + Math.floor(Math.random() * 1800);
const bookmarkIntervalMs = 60_000;
/** A client that reads slower than this much buffered output is dropped. */
const maxBufferedBytes = 16 * 1024 * 1024;

function parseStart(text: string): number | undefined {
  if (text === '' || text === '0') return undefined;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw statusErrors.badRequest(
      `resourceVersion: Invalid value: ${JSON.stringify(text)}: must be a non-negative integer`,
    );
  return Number(text);
}

/** Type of the event a watcher sees, given whether the object matched before and after (selectors). */
function visibleType(event: WatchEvent, filter: ObjectFilter): WatchEvent['type'] | undefined {
  const now = event.type !== 'DELETED' && filter(event.object);
  const before = event.previous !== undefined && filter(event.previous);
  if (event.type === 'DELETED') return filter(event.object) || before ? 'DELETED' : undefined;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

/**
 * Serves a watch: headers flushed at once, one JSON event per line, replay from a resourceVersion
 * (410 Expired when it is too old), selector transitions as ADDED/DELETED, bookmarks, and a timeout.
 */
export function serveWatch(
  ctx: ServiceContext,
  request: WatchRequest,
  res: ServerResponse,
  logger: Logger,
): void {
  const prefix = collectionPrefix(request.def, request.namespace);
  const start = parseStart(request.resourceVersion);
  const encode = (type: string, obj: KubeObject): string => {
    const object: Json =
      request.table === undefined || type === 'BOOKMARK'
        ? obj
        : tableOf(request.def, [obj], {
            includeObject: request.table.includeObject,
            resourceVersion: metaString(obj, 'resourceVersion'),
          });
    return `${JSON.stringify({ type, object })}\n`;
  };
  let from = start ?? 0;
  const initial: string[] = [];
  if (start === undefined) {
    const snapshot = ctx.store.list(prefix);
    from = snapshot.revision;
    for (const item of snapshot.items)
      if (request.filter(item)) initial.push(encode('ADDED', item));
  }
  const queued: string[] = [];
  let live = false;
  let stop: () => void = () => undefined;
  const write = (line: string): void => {
    if (!live) {
      queued.push(line);
      return;
    }
    res.write(line);
    if (res.writableLength > maxBufferedBytes) {
      logger.warn({ resource: request.def.plural }, 'watch client too slow; closing');
      res.end();
    }
  };
  try {
    stop = ctx.store.watch(prefix, from, (event) => {
      const type = visibleType(event, request.filter);
      if (type !== undefined) write(encode(type, event.object));
    });
  } catch (error) {
    if (error instanceof StoreError && error.code === 'expired') {
      throw statusErrors.expired(
        `too old resource version: ${from} (${error.actualRevision ?? 0})`,
      );
    }
    throw error;
  }
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
  live = true;
  for (const line of [...initial, ...queued]) res.write(line);
  const bookmark = (): void => {
    const obj: JsonObject = {
      kind: request.def.kind,
      apiVersion:
        request.def.group === ''
          ? request.def.version
          : `${request.def.group}/${request.def.version}`,
      metadata: { resourceVersion: String(ctx.store.currentRevision()) },
    };
    res.write(encode('BOOKMARK', obj as KubeObject));
  };
  const timers = [
    setTimeout(() => res.end(), 1000 * (request.timeoutSeconds ?? maxWatchSeconds())),
    ...(request.bookmarks ? [setInterval(bookmark, bookmarkIntervalMs)] : []),
  ];
  res.on('close', () => {
    stop();
    for (const t of timers) clearTimeout(t);
  });
}

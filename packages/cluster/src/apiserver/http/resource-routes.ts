import { metaString } from '../objects/lifecycle.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@podvisor/kube';
import type { Json, KubeObject } from '../json.ts';
import {
  groupVersion,
  type ResourceDefinition,
  type Verb,
} from '../registry/resource-definition.ts';
import { asObjectOfKind, createObject } from '../service/create-object.ts';
import { deleteObject, deleteOptions } from '../service/delete-object.ts';
import { objectFilter } from '../service/list-filter.ts';
import { patchObject } from '../service/patch-object.ts';
import { listObjects } from '../service/read-objects.ts';
import type { ServiceContext, WriteResult } from '../service/service-context.ts';
import { checkResourceVersion, getStored, updateObject } from '../service/update-object.ts';
import { writeOptions } from '../service/write-options.ts';
import { statusErrors } from '../status-error.ts';
import type { UserInfo } from '../user-info.ts';
import type { PodProxy } from '../pod-proxy/index.ts';
import { negotiate } from './negotiate.ts';
import type { ResourceTarget } from './request-info.ts';
import { decodeJsonObject, decodeObjectBody, readBody } from './request-body.ts';
import { addWarnings, sendJson } from './responses.ts';
import { includeObjectOf, tableOf } from './table-response.ts';
import { handlePodSubresource, isPodSubresource } from './pod-routes.ts';
import { handleScale } from './scale-routes.ts';
import { handleEviction, isEvictionRequest } from '../eviction/index.ts';
import { serveWatch } from './watch-stream.ts';

/** One resource request, resolved against the registry. */
export interface ResourceCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly target: ResourceTarget;
  readonly def: ResourceDefinition;
  readonly query: URLSearchParams;
  readonly logger: Logger;
  /** The authenticated user (for admission). */
  readonly user?: UserInfo;
  /** Streams pod logs (and upgrades) from node agents, when nodes exist. */
  readonly podProxy?: PodProxy;
}

/** The write options of a request: its query parameters and the requesting user. */
function optionsOf(call: ResourceCall): ReturnType<typeof writeOptions> {
  const options = writeOptions(call.query, call.req.headers['user-agent']);
  return call.user === undefined ? options : { ...options, user: call.user };
}

function requireVerb(call: ResourceCall, verb: Verb): void {
  if (!call.def.verbs.includes(verb))
    throw statusErrors.methodNotAllowed(
      `the server does not allow this method on the requested resource`,
    );
}

function isWatch(call: ResourceCall): boolean {
  const w = call.query.get('watch');
  return call.target.watchPath || w === 'true' || w === '1';
}

function sendObject(call: ResourceCall, code: number, obj: KubeObject): void {
  const { table } = negotiate(call.req.headers.accept, true);
  if (!table) {
    sendJson(call.res, code, obj);
    return;
  }
  sendJson(
    call.res,
    code,
    tableOf(call.def, [obj], {
      includeObject: includeObjectOf(call.query),
      resourceVersion: metaString(obj, 'resourceVersion'),
    }),
  );
}

function sendWrite(call: ResourceCall, result: WriteResult): void {
  addWarnings(call.res, result.warnings);
  sendObject(call, result.created ? 201 : 200, result.object);
}

function timeoutSeconds(query: URLSearchParams): number | undefined {
  const text = query.get('timeoutSeconds');
  if (text === null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw statusErrors.badRequest(
      `timeoutSeconds: Invalid value: ${JSON.stringify(text)}: must be a non-negative integer`,
    );
  return n;
}

function watchCollection(
  ctx: ServiceContext,
  call: ResourceCall,
  extraFieldSelector?: string,
): void {
  requireVerb(call, 'watch');
  const query = new URLSearchParams(call.query);
  if (extraFieldSelector !== undefined)
    query.set(
      'fieldSelector',
      [query.get('fieldSelector'), extraFieldSelector]
        .filter((s) => s !== null && s !== '')
        .join(','),
    );
  const { table } = negotiate(call.req.headers.accept, true);
  serveWatch(
    ctx,
    {
      def: call.def,
      namespace: call.target.namespace,
      filter: objectFilter(call.def, query),
      resourceVersion: query.get('resourceVersion') ?? '',
      timeoutSeconds: timeoutSeconds(query),
      bookmarks: query.get('allowWatchBookmarks') === 'true',
      table: table ? { includeObject: includeObjectOf(query) } : undefined,
    },
    call.res,
    call.logger,
  );
}

function list(ctx: ServiceContext, call: ResourceCall): void {
  requireVerb(call, 'list');
  const page = listObjects(
    ctx,
    { def: call.def, namespace: call.target.namespace },
    call.query,
    objectFilter(call.def, call.query),
  );
  const { table } = negotiate(call.req.headers.accept, true);
  const resourceVersion = String(page.revision);
  if (table) {
    sendJson(
      call.res,
      200,
      tableOf(call.def, page.items, {
        includeObject: includeObjectOf(call.query),
        resourceVersion,
        ...(page.continueToken === undefined ? {} : { continueToken: page.continueToken }),
      }),
    );
    return;
  }
  const metadata: Record<string, Json> = { resourceVersion };
  if (page.continueToken !== undefined) metadata['continue'] = page.continueToken;
  sendJson(call.res, 200, {
    kind: call.def.listKind,
    apiVersion: groupVersion(call.def),
    metadata,
    items: page.items,
  });
}

async function handleGet(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  const { target } = call;
  if (target.name === '') {
    if (isWatch(call)) watchCollection(ctx, call);
    else list(ctx, call);
    return;
  }
  if (target.subresource === '' && isWatch(call)) {
    watchCollection(ctx, call, `metadata.name=${target.name}`);
    return;
  }
  requireVerb(call, 'get');
  sendObject(call, 200, getStored(ctx, call.def, target.namespace, target.name));
  await Promise.resolve();
}

async function handleCreate(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  requireVerb(call, 'create');
  const body = await readBody(call.req);
  const input = asObjectOfKind(
    call.def,
    decodeObjectBody(body, call.req.headers['content-type']),
    call.target.namespace,
  );
  sendWrite(
    call,
    await createObject(
      ctx,
      { def: call.def, namespace: call.target.namespace },
      input,
      optionsOf(call),
    ),
  );
}

async function handleUpdate(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  requireVerb(call, 'update');
  const { target, def } = call;
  const body = await readBody(call.req);
  const input = asObjectOfKind(
    def,
    decodeObjectBody(body, call.req.headers['content-type']),
    target.namespace,
  );
  const name = metaString(input, 'name');
  if (name !== '' && name !== target.name)
    throw statusErrors.badRequest(
      `the name of the object (${name}) does not match the name on the URL (${target.name})`,
    );
  const stored = getStored(ctx, def, target.namespace, target.name);
  checkResourceVersion(def, stored, input, target.name);
  const request = {
    def,
    namespace: target.namespace,
    name: target.name,
    subresource: target.subresource as '' | 'status',
    options: optionsOf(call),
  };
  sendWrite(call, await updateObject(ctx, request, stored, input));
}

async function handlePatch(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  requireVerb(call, 'patch');
  const { target, def } = call;
  const body = await readBody(call.req);
  const options = optionsOf(call);
  const request = {
    def,
    namespace: target.namespace,
    name: target.name,
    subresource: target.subresource as '' | 'status',
    options,
  };
  sendWrite(call, await patchObject(ctx, request, call.req.headers['content-type'], body));
}

async function handleDelete(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  const { target, def } = call;
  const parsed = deleteOptions(
    decodeJsonObject(await readBody(call.req), 'DeleteOptions'),
    call.query,
  );
  const options = call.user === undefined ? parsed : { ...parsed, user: call.user };
  if (target.name !== '') {
    requireVerb(call, 'delete');
    sendObject(
      call,
      200,
      await deleteObject(ctx, { def, namespace: target.namespace, name: target.name }, options),
    );
    return;
  }
  requireVerb(call, 'deletecollection');
  const page = listObjects(
    ctx,
    { def, namespace: target.namespace },
    new URLSearchParams(),
    objectFilter(def, call.query),
  );
  const deleted: KubeObject[] = [];
  for (const item of page.items) {
    const target = {
      def,
      namespace: metaString(item, 'namespace'),
      name: metaString(item, 'name'),
    };
    deleted.push(await deleteObject(ctx, target, options));
  }
  sendJson(call.res, 200, {
    kind: def.listKind,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: String(ctx.store.currentRevision()) },
    items: deleted,
  });
}

const storedSubresources = new Set(['', 'status']);

type Handler = (ctx: ServiceContext, call: ResourceCall) => Promise<void>;

/** Handlers by method, and whether the method addresses a named object (true) or a collection (false). */
const byMethod: Readonly<Record<string, { handler: Handler; named?: boolean }>> = {
  GET: { handler: handleGet },
  POST: { handler: handleCreate, named: false },
  PUT: { handler: handleUpdate, named: true },
  PATCH: { handler: handlePatch, named: true },
  DELETE: { handler: handleDelete },
};

/** The handler of a request on a stored resource or its status, checking method against target. */
function routeOf(call: ResourceCall): Handler {
  const { subresource, name } = call.target;
  if (!storedSubresources.has(subresource) || (subresource === 'status' && !call.def.hasStatus)) {
    throw statusErrors.pathNotFound();
  }
  const method = call.req.method ?? '';
  const route = byMethod[method];
  if (route === undefined) throw statusErrors.methodNotAllowed(`${method} is not supported`);
  if (route.named !== undefined && route.named !== (name !== '')) {
    throw statusErrors.methodNotAllowed(
      `${method} is not allowed on ${route.named ? 'a collection' : 'a named object'}`,
    );
  }
  return route.handler;
}

/** Serves a request for a resource, a collection, its `status`, its `scale` or a pod's `eviction`. */
export async function handleResource(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  if (
    call.target.subresource === 'scale' &&
    call.def.scale !== undefined &&
    call.target.name !== ''
  ) {
    await handleScale(ctx, call);
    return;
  }
  if (isEvictionRequest(call)) {
    await handleEviction(ctx, call);
    return;
  }
  if (isPodSubresource(call)) {
    await handlePodSubresource(ctx, call);
    return;
  }
  await routeOf(call)(ctx, call);
}

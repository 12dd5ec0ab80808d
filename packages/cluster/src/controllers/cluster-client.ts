import type { Json, KubeObject } from '../apiserver/json.ts';
import { metaString } from '../apiserver/objects/lifecycle.ts';
import type { ResourceDefinition } from '../apiserver/registry/resource-definition.ts';
import { createObject } from '../apiserver/service/create-object.ts';
import { deleteObject, type DeleteOptions } from '../apiserver/service/delete-object.ts';
import { objectFilter } from '../apiserver/service/list-filter.ts';
import { patchObject } from '../apiserver/service/patch-object.ts';
import { collectionPrefix, listObjects } from '../apiserver/service/read-objects.ts';
import type { ServiceContext } from '../apiserver/service/service-context.ts';
import {
  checkResourceVersion,
  getStored,
  updateObject,
} from '../apiserver/service/update-object.ts';
import { isNotFound, statusErrors } from '../apiserver/status-error.ts';
import { storeInformer, type Informer } from './store-informer.ts';

/** A resource by group, version and plural name (`{ group: 'apps', version: 'v1', resource: 'deployments' }`). */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

/** One object: its namespace (empty when cluster-scoped) and name. */
export interface ObjectName {
  readonly namespace: string;
  readonly name: string;
}

/** Which objects of a collection: a namespace (all when absent) and selectors in their text forms. */
export interface Selection {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** A patch: merge (RFC 7386), JSON (RFC 6902), strategic (built-ins) or server-side apply. */
export interface Patch {
  readonly type: 'merge' | 'json' | 'strategic' | 'apply';
  readonly body: Json;
}

/** Options of writes: the field manager (default `podvisor-controller-manager`) and the subresource. */
export interface ClientWriteOptions {
  readonly fieldManager?: string;
  readonly subresource?: 'status';
  /** Server-side apply only: take over conflicting fields. */
  readonly force?: boolean;
}

/**
 * The in-process client of the controllers that run inside the API server: the same operations,
 * validation, defaults and managed fields as HTTP requests, without HTTP. Failures are the
 * StatusErrors an HTTP client would get (404, 409 Conflict…).
 */
export interface ClusterClient {
  get(ref: ResourceRef, object: ObjectName): Promise<KubeObject | undefined>;
  list(ref: ResourceRef, selection?: Selection): Promise<KubeObject[]>;
  create(
    ref: ResourceRef,
    namespace: string,
    obj: KubeObject,
    options?: ClientWriteOptions,
  ): Promise<KubeObject>;
  /** Replaces an object (its `metadata.resourceVersion`, when set, is a precondition). */
  update(ref: ResourceRef, obj: KubeObject, options?: ClientWriteOptions): Promise<KubeObject>;
  patch(
    ref: ResourceRef,
    object: ObjectName,
    patch: Patch,
    options?: ClientWriteOptions,
  ): Promise<KubeObject>;
  /** Deletes an object; resolves with undefined when it was already gone. */
  delete(
    ref: ResourceRef,
    object: ObjectName,
    options?: Partial<DeleteOptions>,
  ): Promise<KubeObject | undefined>;
  /** An informer over a collection, filtered by selectors. */
  informer(ref: ResourceRef, selection?: Selection): Informer;
}

const contentTypes: Readonly<Record<Patch['type'], string>> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

const defaultManager = 'podvisor-controller-manager';

function query(selection: Selection): URLSearchParams {
  const q = new URLSearchParams();
  if (selection.labelSelector !== undefined) q.set('labelSelector', selection.labelSelector);
  if (selection.fieldSelector !== undefined) q.set('fieldSelector', selection.fieldSelector);
  return q;
}

function writeOptionsOf(options: ClientWriteOptions): {
  dryRun: false;
  fieldManager: string;
  fieldManagerGiven: true;
  fieldValidation: 'Ignore';
  force: boolean;
} {
  return {
    dryRun: false,
    fieldManager: options.fieldManager ?? defaultManager,
    fieldManagerGiven: true,
    fieldValidation: 'Ignore',
    force: options.force ?? false,
  };
}

function definitionOf(ctx: ServiceContext, ref: ResourceRef): ResourceDefinition {
  const def = ctx.registry.find(ref.group, ref.version, ref.resource);
  if (def === undefined)
    throw statusErrors.pathNotFound(
      `the server could not find the requested resource ${ref.resource}.${ref.group}/${ref.version}`,
    );
  return def;
}

/** Runs a service operation as a promise (synchronous throws become rejections carrying the StatusError). */
async function run<T>(operation: () => T | Promise<T>): Promise<T> {
  return operation();
}

/** Undefined instead of a 404. */
async function orUndefined<T>(operation: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await operation();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function update(
  ctx: ServiceContext,
  def: ResourceDefinition,
  obj: KubeObject,
  options: ClientWriteOptions,
): Promise<KubeObject> {
  const namespace = metaString(obj, 'namespace');
  const name = metaString(obj, 'name');
  const stored = getStored(ctx, def, namespace, name);
  checkResourceVersion({ ...def, allowUnconditionalUpdate: true }, stored, obj, name);
  const request = {
    def,
    namespace,
    name,
    subresource: options.subresource ?? '',
    options: writeOptionsOf(options),
  } as const;
  return (await updateObject(ctx, request, stored, obj)).object;
}

/** Builds the in-process client over a service context. */
export function clusterClient(ctx: ServiceContext): ClusterClient {
  const definition = (ref: ResourceRef): ResourceDefinition => definitionOf(ctx, ref);
  return {
    get: (ref, { namespace, name }) =>
      run(() => orUndefined(() => getStored(ctx, definition(ref), namespace, name))),
    list: (ref, selection = {}) =>
      run(() => {
        const def = definition(ref);
        const q = query(selection);
        return listObjects(
          ctx,
          { def, namespace: selection.namespace ?? '' },
          q,
          objectFilter(def, q),
        ).items;
      }),
    create: (ref, namespace, obj, options = {}) =>
      run(
        async () =>
          (
            await createObject(
              ctx,
              { def: definition(ref), namespace },
              obj,
              writeOptionsOf(options),
            )
          ).object,
      ),
    update: (ref, obj, options = {}) => run(() => update(ctx, definition(ref), obj, options)),
    patch: (ref, { namespace, name }, patch, options = {}) =>
      run(async () => {
        const request = {
          def: definition(ref),
          namespace,
          name,
          subresource: options.subresource ?? '',
          options: writeOptionsOf(options),
        } as const;
        return (
          await patchObject(
            ctx,
            request,
            contentTypes[patch.type],
            Buffer.from(JSON.stringify(patch.body)),
          )
        ).object;
      }),
    delete: (ref, { namespace, name }, options = {}) =>
      run(() =>
        orUndefined(() =>
          deleteObject(
            ctx,
            { def: definition(ref), namespace, name },
            {
              dryRun: false,
              gracePeriodSeconds: undefined,
              propagationPolicy: undefined,
              preconditions: {},
              ...options,
            },
          ),
        ),
      ),
    informer: (ref, selection = {}) => {
      const def = definition(ref);
      return storeInformer(
        ctx.store,
        collectionPrefix(def, selection.namespace ?? ''),
        objectFilter(def, query(selection)),
      );
    },
  };
}

import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from './kube-object.ts';
import { splitKey } from '../informer/object-key.ts';
import { isNotFound } from './api-errors.ts';
import { requestJson, type JsonRequest } from './request-json.ts';

/** Where a kind of object is served: `{ apiVersion: 'kubevirt.io/v1', plural: 'virtualmachines', namespaced: true }`. */
export interface ResourceType {
  readonly apiVersion: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** The URL path of a collection (no `name`) or of one object, optionally of its subresource. */
export function resourcePath(
  type: ResourceType,
  at: {
    readonly namespace?: string | undefined;
    readonly name?: string;
    readonly subresource?: string;
  } = {},
): string {
  const base = type.apiVersion.includes('/')
    ? `/apis/${type.apiVersion}`
    : `/api/${type.apiVersion}`;
  const scope =
    type.namespaced && at.namespace !== undefined
      ? `/namespaces/${encodeURIComponent(at.namespace)}`
      : '';
  const name = at.name === undefined ? '' : `/${encodeURIComponent(at.name)}`;
  const sub = at.subresource === undefined ? '' : `/${at.subresource}`;
  return `${base}${scope}/${type.plural}${name}${sub}`;
}

/** Options of a {@link KubeClient}. */
export interface KubeClientOptions {
  readonly kubeConfig: KubeConfig;
  /** This component's server-side-apply field manager, e.g. `podvisor-virt-controller`. */
  readonly fieldManager: string;
}

const applyPatch = 'application/apply-patch+yaml';
const mergePatch = 'application/merge-patch+json';

/**
 * A small JSON client for controllers: reads, server-side apply under one field manager per
 * component, status patches and finalizers guarded by resourceVersion. Objects come back as
 * plain JSON (timestamps as strings, like informer caches). Failures throw client-node's
 * `ApiException`; classify them with `isNotFound`, `isConflict`, `isAlreadyExists`.
 */
export class KubeClient {
  readonly fieldManager: string;
  readonly #kubeConfig: KubeConfig;

  constructor(options: KubeClientOptions) {
    this.#kubeConfig = options.kubeConfig;
    this.fieldManager = options.fieldManager;
  }

  /** Reads the object of `key` (`namespace/name` or `name`), or `undefined` if it does not exist. */
  async get<T extends KubeObject>(type: ResourceType, key: string): Promise<T | undefined> {
    try {
      return await this.#call<T>({ method: 'GET', path: resourcePath(type, splitKey(key)) });
    } catch (error: unknown) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Creates `object` (POST). */
  create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const path = resourcePath(type, { namespace: object.metadata?.namespace });
    return this.#call<T>({ method: 'POST', path, body: object, query: this.#manager() });
  }

  /**
   * Server-side applies `object` (which must carry apiVersion, kind and metadata.name) with this
   * client's field manager, forcing conflicts by default as controllers should. Apply only the
   * fields this component owns.
   */
  apply<T extends KubeObject>(
    type: ResourceType,
    object: T,
    options: { readonly force?: boolean; readonly subresource?: 'status' } = {},
  ): Promise<T> {
    const path = resourcePath(type, { ...objectRef(object), ...subresource(options.subresource) });
    return this.#call<T>({
      method: 'PATCH',
      path,
      body: object,
      contentType: applyPatch,
      query: { ...this.#manager(), force: String(options.force ?? true) },
    });
  }

  /**
   * Merge-patches the status subresource of `key` with `status` (`{ status: … }` is built here).
   * With `resourceVersion`, the patch applies only to that version of the object (409 Conflict
   * otherwise): use it when the patch carries a list computed from the object read, such as
   * conditions that another writer may have changed meanwhile.
   */
  patchStatus<T extends KubeObject>(
    type: ResourceType,
    key: string,
    status: Readonly<Record<string, unknown>>,
    options: { readonly resourceVersion?: string } = {},
  ): Promise<T> {
    return this.patch<T>(type, key, { status }, { ...options, subresource: 'status' });
  }

  /**
   * Merge-patches `key` (or its `subresource`) with `body`. With `resourceVersion`, the patch
   * applies only to that version of the object (409 Conflict otherwise). For kinds whose status
   * has no subresource (KubeVirt's VMIs), this is how a component writes `{ status: … }`.
   */
  patch<T extends KubeObject>(
    type: ResourceType,
    key: string,
    body: Readonly<Record<string, unknown>>,
    options: { readonly resourceVersion?: string; readonly subresource?: 'status' } = {},
  ): Promise<T> {
    const path = resourcePath(type, { ...splitKey(key), ...subresource(options.subresource) });
    const metadata = body['metadata'] ?? {};
    const guarded =
      options.resourceVersion === undefined
        ? body
        : { ...body, metadata: { ...metadata, resourceVersion: options.resourceVersion } };
    return this.#call<T>({
      method: 'PATCH',
      path,
      body: guarded,
      contentType: mergePatch,
      query: this.#manager(),
    });
  }

  /**
   * Adds `finalizer` to `object`, guarded by its resourceVersion: a stale object fails with a
   * 409 Conflict (retry from a fresh cache). A no-op (no request) when it is already there.
   */
  async addFinalizer<T extends KubeObject>(
    type: ResourceType,
    object: T,
    finalizer: string,
  ): Promise<T> {
    const finalizers = object.metadata?.finalizers ?? [];
    if (finalizers.includes(finalizer)) return object;
    return this.#setFinalizers(type, object, [...finalizers, finalizer]);
  }

  /** Removes `finalizer` from `object`, guarded by its resourceVersion; a no-op when absent. */
  async removeFinalizer<T extends KubeObject>(
    type: ResourceType,
    object: T,
    finalizer: string,
  ): Promise<T> {
    const finalizers = object.metadata?.finalizers ?? [];
    if (!finalizers.includes(finalizer)) return object;
    return this.#setFinalizers(
      type,
      object,
      finalizers.filter((f) => f !== finalizer),
    );
  }

  /** Deletes the object of `key`; `false` if it was already gone. */
  async delete(
    type: ResourceType,
    key: string,
    options: { readonly uid?: string } = {},
  ): Promise<boolean> {
    const body =
      options.uid === undefined
        ? undefined
        : { apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: options.uid } };
    try {
      await this.#call({ method: 'DELETE', path: resourcePath(type, splitKey(key)), body });
      return true;
    } catch (error: unknown) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  #setFinalizers<T extends KubeObject>(
    type: ResourceType,
    object: T,
    finalizers: string[],
  ): Promise<T> {
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion === undefined) {
      throw new Error('a finalizer change needs the object with its metadata.resourceVersion');
    }
    return this.#call<T>({
      method: 'PATCH',
      path: resourcePath(type, objectRef(object)),
      body: { metadata: { resourceVersion, finalizers } },
      contentType: mergePatch,
      query: this.#manager(),
    });
  }

  #manager(): Record<string, string> {
    return { fieldManager: this.fieldManager };
  }

  async #call<T>(request: JsonRequest): Promise<T> {
    return (await requestJson(this.#kubeConfig, request)) as T;
  }
}

function objectRef(object: KubeObject): { namespace?: string | undefined; name: string } {
  const name = object.metadata?.name;
  if (name === undefined || name === '') throw new Error('the object has no metadata.name');
  return { namespace: object.metadata?.namespace, name };
}

function subresource(name: string | undefined): { subresource?: string } {
  return name === undefined ? {} : { subresource: name };
}

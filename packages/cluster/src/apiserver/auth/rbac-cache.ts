import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import type { Store, WatchEvent } from '../storage/index.ts';
import { policyRulesOf, type PolicyRule } from './policy-rule.ts';

/** A binding's subject (`User`, `Group` or `ServiceAccount`). */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** A RoleBinding or ClusterRoleBinding, parsed once per version. */
export interface Binding {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** Empty for ClusterRoleBindings. */
  readonly namespace: string;
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects: readonly Subject[];
}

/** A Role or ClusterRole with its rules parsed. */
export interface CachedRole {
  readonly object: KubeObject;
  readonly rules: readonly PolicyRule[];
}

/** Where RBAC objects live in the store. */
export const rbacPrefix = '/rbac.authorization.k8s.io/';

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function subjectOf(value: Json): Subject {
  const s = isJsonObject(value) ? value : {};
  return { kind: text(s['kind']), name: text(s['name']), namespace: text(s['namespace']) };
}

function bindingOf(obj: KubeObject): Binding {
  const ref = isJsonObject(obj['roleRef']) ? obj['roleRef'] : {};
  const subjects = Array.isArray(obj['subjects']) ? obj['subjects'].map(subjectOf) : [];
  return {
    kind: obj.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding',
    name: text(obj.metadata['name']),
    namespace: text(obj.metadata['namespace']),
    roleRef: { kind: text(ref['kind']), name: text(ref['name']) },
    subjects,
  };
}

function roleKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * An in-memory view of the RBAC objects, loaded from the store once and kept current by one
 * store watch, so authorization never reads the store per request.
 */
export class RbacCache {
  readonly #roles = new Map<string, CachedRole>();
  readonly #clusterRoles = new Map<string, CachedRole>();
  readonly #bindings = new Map<string, Map<string, Binding>>();
  readonly #clusterBindings = new Map<string, Binding>();
  readonly #listeners = new Set<(event: WatchEvent) => void>();
  readonly #stop: () => void;

  constructor(store: Store) {
    const { items, revision } = store.list(rbacPrefix);
    for (const obj of items) this.#apply(obj, false);
    this.#stop = store.watch(rbacPrefix, revision, (event) => {
      this.#apply(event.object, event.type === 'DELETED');
      for (const listener of this.#listeners) listener(event);
    });
  }

  /** Calls `listener` after every RBAC change is applied to the cache; returns `unsubscribe`. */
  onChange(listener: (event: WatchEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clusterRole(name: string): CachedRole | undefined {
    return this.#clusterRoles.get(name);
  }

  role(namespace: string, name: string): CachedRole | undefined {
    return this.#roles.get(roleKey(namespace, name));
  }

  clusterRoles(): IterableIterator<CachedRole> {
    return this.#clusterRoles.values();
  }

  clusterRoleBindings(): IterableIterator<Binding> {
    return this.#clusterBindings.values();
  }

  roleBindings(namespace: string): Iterable<Binding> {
    return this.#bindings.get(namespace)?.values() ?? [];
  }

  /** The rules a binding grants, or undefined when its role does not exist (yet). */
  rulesOf(binding: Binding): readonly PolicyRule[] | undefined {
    const { kind, name } = binding.roleRef;
    if (kind === 'ClusterRole') return this.clusterRole(name)?.rules;
    if (kind === 'Role' && binding.kind === 'RoleBinding') {
      return this.role(binding.namespace, name)?.rules;
    }
    return undefined;
  }

  /** Stops watching the store. */
  close(): void {
    this.#stop();
    this.#listeners.clear();
  }

  #apply(obj: KubeObject, deleted: boolean): void {
    const name = text(obj.metadata['name']);
    const namespace = text(obj.metadata['namespace']);
    switch (obj.kind) {
      case 'ClusterRole':
        if (deleted) this.#clusterRoles.delete(name);
        else this.#clusterRoles.set(name, { object: obj, rules: policyRulesOf(obj) });
        return;
      case 'Role':
        if (deleted) this.#roles.delete(roleKey(namespace, name));
        else this.#roles.set(roleKey(namespace, name), { object: obj, rules: policyRulesOf(obj) });
        return;
      case 'ClusterRoleBinding':
        if (deleted) this.#clusterBindings.delete(name);
        else this.#clusterBindings.set(name, bindingOf(obj));
        return;
      case 'RoleBinding':
        this.#applyRoleBinding(obj, namespace, name, deleted);
        return;
      default:
    }
  }

  #applyRoleBinding(obj: KubeObject, namespace: string, name: string, deleted: boolean): void {
    let inNamespace = this.#bindings.get(namespace);
    if (deleted) {
      inNamespace?.delete(name);
      if (inNamespace?.size === 0) this.#bindings.delete(namespace);
      return;
    }
    if (inNamespace === undefined) {
      inNamespace = new Map();
      this.#bindings.set(namespace, inNamespace);
    }
    inNamespace.set(name, bindingOf(obj));
  }
}

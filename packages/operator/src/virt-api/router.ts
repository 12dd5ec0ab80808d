import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RemoteUser } from './request-header-auth.ts';

/** One routed request. `user` is set on authenticated (`/apis/…`) paths. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The values of the pattern's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly user: RemoteUser | undefined;
}

/** Answers one request; a rejection is answered 500 by the server. */
export type RouteHandler = (context: RouteContext) => void | Promise<void>;

/** What {@link Router.match} found for a method and path. */
export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly handler: RouteHandler;
      readonly params: Record<string, string>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: RouteHandler;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function matchSegments(
  pattern: readonly string[],
  path: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, expected] of pattern.entries()) {
    const actual = decode(path[i] ?? '');
    if (actual === undefined) return undefined;
    if (expected.startsWith(':')) params[expected.slice(1)] = actual;
    else if (expected !== actual) return undefined;
  }
  return params;
}

/**
 * A small method-and-path router: patterns are `/`-separated segments where `:name` matches
 * any one segment (`/apis/subresources.kubevirt.io/v1/namespaces/:namespace/virtualmachines/:name/start`).
 * Trailing and repeated slashes are ignored. Routes are tried in the order they were added.
 */
export class Router {
  readonly #routes: Route[] = [];

  /** Adds a route for `method` (`GET`, `PUT`, …) and `pattern`. */
  add(method: string, pattern: string, handler: RouteHandler): this {
    this.#routes.push({ method: method.toUpperCase(), segments: segmentsOf(pattern), handler });
    return this;
  }

  /** The route for `method` and `path` (without its query). */
  match(method: string, path: string): RouteMatch {
    const segments = segmentsOf(path);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      if (route.method === method.toUpperCase())
        return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

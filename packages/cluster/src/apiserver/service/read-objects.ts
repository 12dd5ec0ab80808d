import type { KubeObject } from '../json.ts';
import { metaString } from '../objects/lifecycle.ts';
import {
  objectKey,
  resourcePrefix,
  type ResourceDefinition,
} from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import type { ObjectFilter } from './list-filter.ts';
import type { ServiceContext, Target } from './service-context.ts';

/** A page of a list: items, the revision it was read at, and the continue token if more remain. */
export interface ListPage {
  readonly items: KubeObject[];
  readonly revision: number;
  readonly continueToken?: string;
}

/** The storage prefix of a collection: one namespace, or all of them. */
export function collectionPrefix(def: ResourceDefinition, namespace: string): string {
  return def.namespaced && namespace !== ''
    ? `${resourcePrefix(def)}${namespace}/`
    : resourcePrefix(def);
}

interface ContinueToken {
  readonly rv: number;
  readonly start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string, prefix: string): ContinueToken {
  try {
    const token = JSON.parse(
      Buffer.from(text, 'base64url').toString('utf8'),
    ) as Partial<ContinueToken>;
    if (
      typeof token.rv === 'number' &&
      typeof token.start === 'string' &&
      token.start.startsWith(prefix)
    )
      return { rv: token.rv, start: token.start };
  } catch {
    // fall through to the error below
  }
  throw statusErrors.badRequest(
    'continue key is not valid: the continue token is malformed or belongs to another list',
  );
}

function parseLimit(text: string | null): number | undefined {
  if (text === null || text === '' || text === '0') return undefined;
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 0)
    throw statusErrors.badRequest(
      `limit: Invalid value: ${JSON.stringify(text)}: must be a non-negative integer`,
    );
  return limit;
}

/**
 * Lists a collection with selectors and `limit`/`continue`. Pages are read from the current state;
 * a continued list therefore sees changes made between pages (an embedded-server simplification).
 */
export function listObjects(
  ctx: ServiceContext,
  target: Target,
  query: URLSearchParams,
  filter: ObjectFilter,
): ListPage {
  const { def, namespace } = target;
  const prefix = collectionPrefix(def, namespace);
  const limit = parseLimit(query.get('limit'));
  const cont = query.get('continue');
  let start = cont === null || cont === '' ? undefined : decodeContinue(cont, prefix).start;
  const items: KubeObject[] = [];
  let revision: number;
  for (;;) {
    const page = ctx.store.list(prefix, {
      limit: Math.max(limit ?? 0, 500),
      ...(start === undefined ? {} : { continueKey: start }),
    });
    revision = page.revision;
    for (const item of page.items) {
      if (limit !== undefined && items.length === limit) {
        return {
          items,
          revision,
          continueToken: encodeContinue({ rv: revision, start: keyOf(def, item) }),
        };
      }
      if (filter(item)) items.push(item);
    }
    if (page.nextKey === undefined) return { items, revision };
    start = page.nextKey;
  }
}

function keyOf(def: ResourceDefinition, item: KubeObject): string {
  return objectKey(
    def,
    def.namespaced ? metaString(item, 'namespace') : '',
    metaString(item, 'name'),
  );
}

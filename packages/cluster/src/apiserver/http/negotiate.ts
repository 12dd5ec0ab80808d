import { statusErrors } from '../status-error.ts';

/** What the client asked for in its Accept header. */
export interface Negotiated {
  /** `as=Table`: server-side printing. */
  readonly table: boolean;
}

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((p) => p.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const [k, v] = p.split('=');
        if (k !== undefined && v !== undefined) params[k.toLowerCase()] = v;
      }
      return { type: type.toLowerCase(), params };
    });
}

const jsonTypes = new Set([
  'application/json',
  '*/*',
  'application/*',
  'application/json-patch+json',
  'application/yaml',
]);

/**
 * Picks the response form from the Accept header: a Table when asked for (`as=Table;g=meta.k8s.io`),
 * otherwise JSON. Protobuf-only requests get 406 (clients that send protobuf also accept JSON).
 */
export function negotiate(accept: string | undefined, tableAllowed: boolean): Negotiated {
  if (accept === undefined || accept.trim() === '') return { table: false };
  const ranges = parseAccept(accept);
  for (const range of ranges) {
    if (range.params['as'] === 'Table' && tableAllowed && range.params['g'] === 'meta.k8s.io')
      return { table: true };
    if (range.params['as'] === undefined && jsonTypes.has(range.type)) return { table: false };
  }
  if (
    ranges.some(
      (r) =>
        r.params['as'] === 'PartialObjectMetadata' ||
        r.params['as'] === 'PartialObjectMetadataList',
    )
  ) {
    throw statusErrors.notAcceptable(
      'only the following media types are accepted: application/json, application/yaml',
    );
  }
  throw statusErrors.notAcceptable(
    'only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io',
  );
}

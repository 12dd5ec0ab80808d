/** `/openapi/v2` as JSON. */
export const OPENAPI_V2_JSON = 'application/json';
/** `/openapi/v2` as gnostic protobuf: the media type kube-apiserver answers with. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** The older spelling of the protobuf media type, which kubectl and client-go still ask for. */
export const OPENAPI_V2_PROTOBUF_REQUESTED =
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** The representation of `/openapi/v2` to serve, and the Content-Type to answer with. */
export interface OpenApiV2Representation {
  readonly format: 'json' | 'protobuf';
  readonly contentType: string;
}

const OFFERS: readonly (OpenApiV2Representation & { readonly mediaType: string })[] = [
  { mediaType: OPENAPI_V2_JSON, format: 'json', contentType: OPENAPI_V2_JSON },
  {
    mediaType: OPENAPI_V2_PROTOBUF_REQUESTED,
    format: 'protobuf',
    contentType: OPENAPI_V2_PROTOBUF,
  },
  { mediaType: OPENAPI_V2_PROTOBUF, format: 'protobuf', contentType: OPENAPI_V2_PROTOBUF },
];

interface Clause {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

/**
 * Chooses JSON or protobuf for `/openapi/v2` from an Accept header, as kube-openapi's handler
 * does: clauses by falling quality and then specificity, the first one that matches JSON or
 * one of the two protobuf spellings wins (a missing header counts as `*∕*`, which gives JSON).
 * Undefined when nothing matches: the server answers 406 Not Acceptable.
 */
export function negotiateOpenApiV2(
  accept: string | undefined,
): OpenApiV2Representation | undefined {
  const header = accept === undefined || accept.trim() === '' ? '*/*' : accept;
  for (const clause of parseAccept(header)) {
    const offer = OFFERS.find((candidate) => matches(clause, candidate.mediaType));
    if (offer !== undefined) return { format: offer.format, contentType: offer.contentType };
  }
  return undefined;
}

function matches(clause: Clause, mediaType: string): boolean {
  const [type = '', subtype = ''] = mediaType.split('/');
  return (
    (clause.type === '*' || clause.type === type) &&
    (clause.subtype === '*' || clause.subtype === subtype)
  );
}

function parseAccept(header: string): Clause[] {
  const clauses = header.split(',').flatMap((part): Clause[] => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (range === '') return [];
    const [type = '', subtype = '*'] = range.toLowerCase().split('/');
    const q = qualityOf(params);
    return q > 0 ? [{ type, subtype, q }] : [];
  });
  const wildcards = (clause: Clause): number =>
    (clause.type === '*' ? 1 : 0) + (clause.subtype === '*' ? 1 : 0);
  return clauses.sort((a, b) => b.q - a.q || wildcards(a) - wildcards(b));
}

function qualityOf(params: readonly string[]): number {
  for (const param of params) {
    const [name = '', value = ''] = param.split('=').map((piece) => piece.trim());
    if (name.toLowerCase() !== 'q') continue;
    const q = Number(value);
    return Number.isFinite(value === '' ? NaN : q) ? q : 1;
  }
  return 1;
}

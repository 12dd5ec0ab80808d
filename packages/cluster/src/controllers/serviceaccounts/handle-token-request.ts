import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { StatusError, statusErrors } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import { serviceAccountsRef } from './default-service-account-controller.ts';

/** The API server's audience (its token issuer), given to requests that name none by default. */
export const defaultAudience = 'https://kubernetes.default.svc';
/** `spec.expirationSeconds` when the request has none. */
export const defaultExpirationSeconds = 3600;
const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;

/** The kinds a token may be bound to. */
export type BoundKind = 'Pod' | 'Secret' | 'Node';

/** What the signer needs (the shape of the auth module's `TokenRequestInput`). */
export interface TokenSignInput {
  readonly namespace: string;
  /** The ServiceAccount's name and UID. */
  readonly name: string;
  readonly uid: string;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly boundObject?: { readonly kind: BoundKind; readonly name: string; readonly uid: string };
}

/** A signed token and its expiry (RFC 3339). */
export interface SignedServiceAccountToken {
  readonly token: string;
  readonly expirationTimestamp: string;
}

/** Signs a ServiceAccount token (the auth module's `signServiceAccountToken` fits). */
export type TokenSigner = (
  input: TokenSignInput,
) => SignedServiceAccountToken | Promise<SignedServiceAccountToken>;

/** Options of {@link handleTokenRequest}. */
export interface TokenRequestOptions {
  readonly client: ClusterClient;
  readonly sign: TokenSigner;
  /** The ServiceAccount's namespace and name, from the request path. */
  readonly namespace: string;
  readonly name: string;
  /** The decoded request body (an `authentication.k8s.io/v1 TokenRequest`). */
  readonly body: Json;
  /** The audiences of a request that names none; `[defaultAudience]` by default. */
  readonly defaultAudiences?: readonly string[];
}

interface BoundRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly uid: string;
}

interface TokenSpec {
  readonly audiences: string[] | undefined;
  readonly expirationSeconds: number;
  readonly boundObjectRef: BoundRef | undefined;
}

const boundResources: Readonly<Record<BoundKind, ResourceRef>> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Secret: { group: '', version: 'v1', resource: 'secrets' },
  Node: { group: '', version: 'v1', resource: 'nodes' },
};

function isBoundKind(kind: string): kind is BoundKind {
  return kind in boundResources;
}

function undecodable(detail: string): StatusError {
  return statusErrors.badRequest(
    `TokenRequest in version "v1" cannot be handled as a TokenRequest: ${detail}`,
  );
}

function optionalObject(value: Json | undefined, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw undecodable(`${field} must be an object`);
  return value;
}

function parseAudiences(value: Json | undefined): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((a) => typeof a === 'string'))
    throw undecodable('spec.audiences must be a list of strings');
  return value.length === 0 ? undefined : value;
}

function invalidExpiration(value: number, detail: string): StatusError {
  return statusErrors.invalid(
    'TokenRequest',
    '',
    [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.expirationSeconds',
        message: `Invalid value: ${value}: ${detail}`,
      },
    ],
    'authentication.k8s.io',
  );
}

function parseExpiration(value: Json | undefined): number {
  if (value === undefined || value === null) return defaultExpirationSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw undecodable('spec.expirationSeconds must be an integer');
  if (value < minExpirationSeconds)
    throw invalidExpiration(value, 'may not specify a duration less than 10 minutes');
  if (value > maxExpirationSeconds)
    throw invalidExpiration(value, 'may not specify a duration larger than 2^32 seconds');
  return value;
}

function parseBoundRef(value: Json | undefined): BoundRef | undefined {
  const ref = optionalObject(value, 'spec.boundObjectRef');
  if (ref === undefined) return undefined;
  const text = (key: string): string => {
    const v = ref[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw undecodable(`spec.boundObjectRef.${key} must be a string`);
    return v;
  };
  return {
    apiVersion: text('apiVersion'),
    kind: text('kind'),
    name: text('name'),
    uid: text('uid'),
  };
}

function parseSpec(body: Json): TokenSpec {
  const request = optionalObject(body, 'the body') ?? {};
  if (request['kind'] !== undefined && request['kind'] !== 'TokenRequest')
    throw undecodable(`the body is a ${JSON.stringify(request['kind'])}, not a TokenRequest`);
  const spec = optionalObject(request['spec'], 'spec') ?? {};
  return {
    audiences: parseAudiences(spec['audiences']),
    expirationSeconds: parseExpiration(spec['expirationSeconds']),
    boundObjectRef: parseBoundRef(spec['boundObjectRef']),
  };
}

/** `/v1, Kind=ConfigMap`, as Go prints a GroupVersionKind. */
function gvkString(ref: BoundRef): string {
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const version = ref.apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${ref.kind}`;
}

function uidMismatch(ref: BoundRef): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${ref.kind} "${ref.name}": the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    { target: { name: ref.name, kind: ref.kind } },
  );
}

function podServiceAccount(pod: KubeObject): Json | undefined {
  const spec = pod['spec'];
  return isJsonObject(spec) ? spec['serviceAccountName'] : undefined;
}

/** The bound object, checked: it exists (with the UID given), and a pod runs as this account. */
async function boundObject(
  options: TokenRequestOptions,
  ref: BoundRef | undefined,
): Promise<TokenSignInput['boundObject']> {
  if (ref === undefined) return undefined;
  const coreGroup = ref.apiVersion === '' || ref.apiVersion === 'v1';
  if (!coreGroup || !isBoundKind(ref.kind))
    throw statusErrors.badRequest(`cannot bind token to object of type ${gvkString(ref)}`);
  const resource = boundResources[ref.kind];
  const namespace = ref.kind === 'Node' ? '' : options.namespace;
  const obj = await options.client.get(resource, { namespace, name: ref.name });
  if (obj === undefined) throw statusErrors.notFound(resource.resource, ref.name);
  if (ref.uid !== '' && ref.uid !== metaString(obj, 'uid')) throw uidMismatch(ref);
  if (ref.kind === 'Pod' && podServiceAccount(obj) !== options.name) {
    throw statusErrors.badRequest(
      `cannot bind token for serviceaccount ${JSON.stringify(options.name)} to pod running with different serviceaccount name.`,
    );
  }
  return { kind: ref.kind, name: ref.name, uid: metaString(obj, 'uid') };
}

function refJson(ref: BoundRef | undefined): Json {
  if (ref === undefined) return null;
  const json: JsonObject = { kind: ref.kind, apiVersion: ref.apiVersion, name: ref.name };
  if (ref.uid !== '') json['uid'] = ref.uid;
  return json;
}

/**
 * Serves `POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token` (the TokenRequest
 * subresource, what `kubectl create token` calls): validates the request (`expirationSeconds`
 * defaults to 3600 and may not be under 600; `audiences` default to the API server's), checks
 * the ServiceAccount and the bound Pod, Secret or Node (its UID, and a pod's service account),
 * has the token signed and answers the TokenRequest with `status.token` and
 * `status.expirationTimestamp`. Failures are kube-apiserver's StatusErrors (404, 400, 409, 422).
 */
export async function handleTokenRequest(options: TokenRequestOptions): Promise<KubeObject> {
  const spec = parseSpec(options.body);
  const { namespace, name } = options;
  const serviceAccount = await options.client.get(serviceAccountsRef, { namespace, name });
  if (serviceAccount === undefined) throw statusErrors.notFound('serviceaccounts', name);
  const bound = await boundObject(options, spec.boundObjectRef);
  const audiences = spec.audiences ?? [...(options.defaultAudiences ?? [defaultAudience])];
  const signed = await options.sign({
    namespace,
    name,
    uid: metaString(serviceAccount, 'uid'),
    audiences,
    expirationSeconds: spec.expirationSeconds,
    ...(bound === undefined ? {} : { boundObject: bound }),
  });
  return {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    metadata: { name, namespace, creationTimestamp: null },
    spec: {
      audiences,
      expirationSeconds: spec.expirationSeconds,
      boundObjectRef: refJson(spec.boundObjectRef),
    },
    status: { token: signed.token, expirationTimestamp: signed.expirationTimestamp },
  };
}

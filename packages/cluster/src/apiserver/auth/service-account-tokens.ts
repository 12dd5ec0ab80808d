import { randomUUID } from 'node:crypto';
import { isJsonObject, type JsonObject, type KubeObject } from '../json.ts';
import { statusErrors } from '../status-error.ts';
import type { Store } from '../storage/index.ts';
import { decodeJwt, signJwt, verifyJwtSignature, type DecodedJwt } from './jwt.ts';
import type { ServiceAccountKeys } from './service-account-keys.ts';
import {
  allAuthenticated,
  serviceAccountGroups,
  serviceAccountUsername,
  type UserInfo,
} from './user-info.ts';

/** The issuer (`iss`) of the tokens this cluster signs, and the API server's own audience. */
export const serviceAccountIssuer = 'https://kubernetes.default.svc';

/** The object a token is bound to: it is valid only while that object exists with this UID. */
export interface BoundObjectRef {
  readonly kind: 'Pod' | 'Secret' | 'Node';
  readonly name: string;
  readonly uid: string;
}

/** What a TokenRequest asks for. */
export interface TokenRequestInput {
  readonly namespace: string;
  /** The service account's name and UID. */
  readonly name: string;
  readonly uid: string;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  readonly boundObject?: BoundObjectRef;
}

/** A signed token and when it expires (RFC 3339, as TokenRequest's status carries it). */
export interface SignedToken {
  readonly token: string;
  readonly expirationTimestamp: string;
}

/** The outcome of checking a bearer token. */
export type TokenVerdict =
  | { readonly authenticated: true; readonly user: UserInfo; readonly audiences: readonly string[] }
  | { readonly authenticated: false; readonly error: string };

/** Accepted clock skew for `exp`/`nbf`, as go-jose's default leeway. */
const leewaySeconds = 60;
/** A bound pod deleted longer ago than this no longer validates its tokens (upstream's grace). */
const deletedGraceMs = 60_000;
const minExpirationSeconds = 600;
const maxExpirationSeconds = 2 ** 32;

const invalidated = 'service account token has been invalidated';

function ref(name: string, uid: string): JsonObject {
  return { name, uid };
}

function coreKey(plural: string, namespace: string, name: string): string {
  return `/core/${plural}/${namespace}/${name}`;
}

function metadataOf(obj: KubeObject): { uid: string; deletionTimestamp: string } {
  const { uid, deletionTimestamp } = obj.metadata;
  return {
    uid: typeof uid === 'string' ? uid : '',
    deletionTimestamp: typeof deletionTimestamp === 'string' ? deletionTimestamp : '',
  };
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function refOf(value: unknown): { name: string; uid: string } | undefined {
  if (!isJsonObject(value)) return undefined;
  const { name, uid } = value;
  return typeof name === 'string' && typeof uid === 'string' ? { name, uid } : undefined;
}

/** The private `kubernetes.io` claim, read back from a token. */
interface KubernetesClaim {
  readonly namespace: string;
  readonly serviceAccount: { name: string; uid: string };
  readonly pod: { name: string; uid: string } | undefined;
  readonly secret: { name: string; uid: string } | undefined;
  readonly node: { name: string; uid: string } | undefined;
}

function kubernetesClaim(claims: JsonObject): KubernetesClaim | undefined {
  const k = claims['kubernetes.io'];
  if (!isJsonObject(k) || typeof k['namespace'] !== 'string') return undefined;
  const serviceAccount = refOf(k['serviceaccount']);
  if (serviceAccount === undefined) return undefined;
  return {
    namespace: k['namespace'],
    serviceAccount,
    pod: refOf(k['pod']),
    secret: refOf(k['secret']),
    node: refOf(k['node']),
  };
}

function intersect(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => b.includes(x));
}

/**
 * Signs and validates bound service-account tokens (Kubernetes' `TokenRequest` JWTs): issuer
 * `https://kubernetes.default.svc`, `sub` `system:serviceaccount:<ns>:<name>`, the
 * `kubernetes.io` claim, `aud`, `exp`, `nbf`, `iat`, `jti`. A token validates only while its
 * service account (and bound object) exists with the same UID.
 */
export class ServiceAccountTokens {
  readonly #keys: ServiceAccountKeys;
  readonly #store: Store;
  readonly #now: () => number;

  constructor(options: { keys: ServiceAccountKeys; store: Store; now?: () => number }) {
    this.#keys = options.keys;
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
  }

  /** Signs a token for a service account; 422 for an expiration outside 10 minutes … 2^32 s. */
  sign(input: TokenRequestInput): SignedToken {
    const { expirationSeconds } = input;
    if (!Number.isInteger(expirationSeconds) || expirationSeconds < minExpirationSeconds) {
      throw statusErrors.invalid(
        'TokenRequest',
        input.name,
        [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.expirationSeconds',
            message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes`,
          },
        ],
        'authentication.k8s.io',
      );
    }
    if (expirationSeconds > maxExpirationSeconds) {
      throw statusErrors.invalid(
        'TokenRequest',
        input.name,
        [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.expirationSeconds',
            message: `Invalid value: ${expirationSeconds}: may not specify a duration larger than 2^32 seconds`,
          },
        ],
        'authentication.k8s.io',
      );
    }
    const now = Math.floor(this.#now() / 1000);
    const exp = now + expirationSeconds;
    const claims: JsonObject = {
      aud: [...input.audiences],
      exp,
      iat: now,
      iss: serviceAccountIssuer,
      jti: randomUUID(),
      'kubernetes.io': this.#privateClaim(input),
      nbf: now,
      sub: serviceAccountUsername(input.namespace, input.name),
    };
    return {
      token: signJwt(claims, this.#keys.privateKey, this.#keys.keyId),
      expirationTimestamp: new Date(exp * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  #privateClaim(input: TokenRequestInput): JsonObject {
    const claim: JsonObject = {
      namespace: input.namespace,
      serviceaccount: ref(input.name, input.uid),
    };
    const bound = input.boundObject;
    if (bound?.kind === 'Pod') {
      claim['pod'] = ref(bound.name, bound.uid);
      const node = this.#nodeOfPod(input.namespace, bound.name);
      if (node !== undefined) claim['node'] = node;
    } else if (bound?.kind === 'Secret') {
      claim['secret'] = ref(bound.name, bound.uid);
    } else if (bound?.kind === 'Node') {
      claim['node'] = ref(bound.name, bound.uid);
    }
    return claim;
  }

  #nodeOfPod(namespace: string, name: string): JsonObject | undefined {
    const pod = this.#store.get(coreKey('pods', namespace, name));
    const spec = pod?.['spec'];
    const nodeName = isJsonObject(spec) ? spec['nodeName'] : undefined;
    if (typeof nodeName !== 'string' || nodeName === '') return undefined;
    const node = this.#store.get(coreKey('nodes', '', nodeName));
    return node === undefined ? undefined : ref(nodeName, metadataOf(node).uid);
  }

  /**
   * Checks a token against `audiences` (at least one must be in its `aud`). Undefined when the
   * token is not a JWT of this issuer, so other authenticators may try it.
   */
  verify(token: string, audiences: readonly string[]): TokenVerdict | undefined {
    const jwt = decodeJwt(token);
    if (jwt?.claims['iss'] !== serviceAccountIssuer) return undefined;
    if (!verifyJwtSignature(jwt, this.#keys.publicKey)) {
      return { authenticated: false, error: 'invalid bearer token, invalid signature' };
    }
    const problem = this.#timeProblem(jwt);
    if (problem !== undefined) return { authenticated: false, error: problem };
    const tokenAudiences = stringsOf(jwt.claims['aud']);
    const matched = intersect(audiences, tokenAudiences);
    if (matched.length === 0) {
      return {
        authenticated: false,
        error: `token audiences ${JSON.stringify(tokenAudiences)} is invalid for the target audiences ${JSON.stringify(audiences)}`,
      };
    }
    const claim = kubernetesClaim(jwt.claims);
    if (
      claim === undefined ||
      jwt.claims['sub'] !== serviceAccountUsername(claim.namespace, claim.serviceAccount.name)
    ) {
      return { authenticated: false, error: 'service account token claims are malformed' };
    }
    if (!this.#boundObjectsExist(claim)) return { authenticated: false, error: invalidated };
    return { authenticated: true, user: userOf(claim, jwt), audiences: matched };
  }

  #timeProblem(jwt: DecodedJwt): string | undefined {
    const now = this.#now() / 1000;
    const { exp, nbf } = jwt.claims;
    if (typeof exp !== 'number') return 'service account token has no expiry';
    if (now > exp + leewaySeconds) return 'service account token has expired';
    if (typeof nbf === 'number' && now < nbf - leewaySeconds) {
      return 'service account token is not valid yet';
    }
    return undefined;
  }

  #exists(key: string, uid: string, graceMs: number): boolean {
    const obj = this.#store.get(key);
    if (obj === undefined) return false;
    const meta = metadataOf(obj);
    if (meta.uid !== uid) return false;
    if (meta.deletionTimestamp === '') return true;
    return Date.parse(meta.deletionTimestamp) > this.#now() - graceMs;
  }

  #boundObjectsExist(claim: KubernetesClaim): boolean {
    const ns = claim.namespace;
    const sa = claim.serviceAccount;
    if (!this.#exists(coreKey('serviceaccounts', ns, sa.name), sa.uid, 0)) return false;
    if (claim.pod !== undefined) {
      return this.#exists(coreKey('pods', ns, claim.pod.name), claim.pod.uid, deletedGraceMs);
    }
    if (claim.secret !== undefined) {
      return this.#exists(coreKey('secrets', ns, claim.secret.name), claim.secret.uid, 0);
    }
    if (claim.node !== undefined) {
      return this.#exists(coreKey('nodes', '', claim.node.name), claim.node.uid, 0);
    }
    return true;
  }
}

function userOf(claim: KubernetesClaim, jwt: DecodedJwt): UserInfo {
  const extra: Record<string, string[]> = {};
  const jti = jwt.claims['jti'];
  if (typeof jti === 'string' && jti !== '') {
    extra['authentication.kubernetes.io/credential-id'] = [`JTI=${jti}`];
  }
  if (claim.pod !== undefined) {
    extra['authentication.kubernetes.io/pod-name'] = [claim.pod.name];
    extra['authentication.kubernetes.io/pod-uid'] = [claim.pod.uid];
  }
  if (claim.node !== undefined) {
    extra['authentication.kubernetes.io/node-name'] = [claim.node.name];
    extra['authentication.kubernetes.io/node-uid'] = [claim.node.uid];
  }
  return {
    name: serviceAccountUsername(claim.namespace, claim.serviceAccount.name),
    uid: claim.serviceAccount.uid,
    groups: [...serviceAccountGroups(claim.namespace), allAuthenticated],
    extra,
  };
}

import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * How an aggregated API server trusts the API server's proxied requests (k8s.io/apiserver's
 * requestheader options), read from `kube-system/extension-apiserver-authentication`.
 */
export interface RequestHeaderConfig {
  /** The CA certificates (PEM) the proxy's client certificate must be signed by. */
  readonly clientCa: string;
  readonly caCertificates: readonly X509Certificate[];
  /** Common names the proxy's certificate may carry; empty means any. */
  readonly allowedNames: readonly string[];
  readonly usernameHeaders: readonly string[];
  readonly groupHeaders: readonly string[];
  readonly extraHeaderPrefixes: readonly string[];
}

/** The user the API server vouches for. */
export interface RemoteUser {
  readonly username: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/** Why a request is not authenticated (answered 401). */
export type AuthenticationResult =
  { readonly user: RemoteUser } | { readonly user?: undefined; readonly reason: string };

const configMapKeys = {
  clientCa: 'requestheader-client-ca-file',
  allowedNames: 'requestheader-allowed-names',
  usernameHeaders: 'requestheader-username-headers',
  groupHeaders: 'requestheader-group-headers',
  extraHeaderPrefixes: 'requestheader-extra-headers-prefix',
} as const;

const clientAuthUsage = '1.3.6.1.5.5.7.3.2';

function stringList(data: Readonly<Record<string, unknown>>, key: string): string[] {
  const raw = data[key];
  if (typeof raw !== 'string' || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${key} is not a JSON list of strings`);
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`${key} is not a JSON list of strings`);
  }
  return parsed;
}

/** Splits a PEM bundle into certificates. */
function certificatesOf(bundle: string): X509Certificate[] {
  const blocks = bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  return (blocks ?? []).map((pem) => new X509Certificate(pem));
}

/**
 * Reads the requestheader settings from the `data` of the extension-apiserver-authentication
 * ConfigMap. Throws an Error naming the key when the client CA is missing or a value does not
 * parse. The username and group headers default to `X-Remote-User` / `X-Remote-Group`.
 */
export function readRequestHeaderConfig(
  data: Readonly<Record<string, unknown>>,
): RequestHeaderConfig {
  const clientCa = data[configMapKeys.clientCa];
  if (typeof clientCa !== 'string' || clientCa.trim() === '') {
    throw new Error(`${configMapKeys.clientCa} is missing: cannot authenticate the API server`);
  }
  let caCertificates: X509Certificate[];
  try {
    caCertificates = certificatesOf(clientCa);
  } catch (error) {
    throw new Error(`${configMapKeys.clientCa} does not parse: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (caCertificates.length === 0)
    throw new Error(`${configMapKeys.clientCa} holds no certificate`);
  const usernameHeaders = stringList(data, configMapKeys.usernameHeaders);
  const groupHeaders = stringList(data, configMapKeys.groupHeaders);
  return {
    clientCa,
    caCertificates,
    allowedNames: stringList(data, configMapKeys.allowedNames),
    usernameHeaders: usernameHeaders.length > 0 ? usernameHeaders : ['X-Remote-User'],
    groupHeaders: groupHeaders.length > 0 ? groupHeaders : ['X-Remote-Group'],
    extraHeaderPrefixes: stringList(data, configMapKeys.extraHeaderPrefixes),
  };
}

/** Whether `peer` was issued and signed by one of the CAs, is in its validity period and may authenticate clients. */
function verifyClientCertificate(
  peer: X509Certificate,
  config: RequestHeaderConfig,
  now: Date,
): string | undefined {
  const signed = config.caCertificates.some(
    (ca) => peer.checkIssued(ca) && peer.verify(ca.publicKey),
  );
  if (!signed) return 'the client certificate is not signed by the requestheader client CA';
  if (now < new Date(peer.validFrom) || now > new Date(peer.validTo)) {
    return 'the client certificate is expired or not yet valid';
  }
  // Absent (undefined at run time) when the certificate has no extended key usage.
  const usages = peer.keyUsage as string[] | undefined;
  if (usages !== undefined && !usages.includes(clientAuthUsage)) {
    return 'the client certificate is not for client authentication';
  }
  const commonName = /(?:^|\n)CN=([^\n]*)/.exec(peer.subject)?.[1] ?? '';
  if (config.allowedNames.length > 0 && !config.allowedNames.includes(commonName)) {
    return `the client certificate's common name ${JSON.stringify(commonName)} is not allowed`;
  }
  return undefined;
}

type Headers = IncomingMessage['headersDistinct'];

function headerValues(headers: Headers, name: string): string[] {
  return (headers[name.toLowerCase()] ?? []).filter((value) => value !== '');
}

/** Decodes an extra key as k8s.io/apiserver does (percent-unescaped, lower-cased). */
function extraKey(raw: string): string {
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

function extrasOf(headers: Headers, prefixes: readonly string[]): Record<string, string[]> {
  const extra: Record<string, string[]> = {};
  for (const prefix of prefixes.map((p) => p.toLowerCase())) {
    for (const [name, values] of Object.entries(headers)) {
      if (!name.startsWith(prefix) || values === undefined) continue;
      const key = extraKey(name.slice(prefix.length));
      extra[key] = [...(extra[key] ?? []), ...values];
    }
  }
  return extra;
}

/**
 * Authenticates a request proxied by the API server, as an aggregated API server does: the TLS
 * client certificate must chain directly to the requestheader client CA (and carry an allowed
 * common name), and the user comes from the first non-empty username header, the groups from
 * every group header, extras from the prefixed headers. Without configuration, a certificate or
 * a username the request is not authenticated.
 */
export function authenticateRequestHeader(options: {
  readonly config: RequestHeaderConfig | undefined;
  readonly peerCertificate: X509Certificate | undefined;
  readonly headers: Headers;
  readonly now?: Date;
}): AuthenticationResult {
  const { config, peerCertificate, headers } = options;
  if (config === undefined) return { reason: 'the requestheader configuration is not loaded' };
  if (peerCertificate === undefined) return { reason: 'no client certificate was presented' };
  const problem = verifyClientCertificate(peerCertificate, config, options.now ?? new Date());
  if (problem !== undefined) return { reason: problem };
  const username = config.usernameHeaders
    .map((name) => headerValues(headers, name)[0])
    .find((value) => value !== undefined);
  if (username === undefined) return { reason: 'the request names no user' };
  return {
    user: {
      username,
      groups: config.groupHeaders.flatMap((name) => headerValues(headers, name)),
      extra: extrasOf(headers, config.extraHeaderPrefixes),
    },
  };
}

import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/** The authenticated user the aggregator passes on (structurally the server's UserInfo). */
export interface RemoteUser {
  readonly name: string;
  readonly uid?: string | undefined;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>> | undefined;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Headers never forwarded: credentials, impersonation, and any user headers a client forged. */
function isCredential(name: string): boolean {
  return (
    name === 'authorization' || name.startsWith('impersonate-') || name.startsWith('x-remote-')
  );
}

/** Escapes an extra key the way client-go's headerKeyEscape does (percent-encoding). */
function escapeExtraKey(key: string): string {
  return [...Buffer.from(key, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9\-_.~!$&'*+^`|]/.test(char) && byte < 0x80
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** `X-Remote-User`, one `X-Remote-Group` per group, `X-Remote-Extra-<key>` per extra value. */
export function remoteUserHeaders(user: RemoteUser): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'X-Remote-User': user.name,
    'X-Remote-Group': [...user.groups],
  };
  for (const [key, values] of Object.entries(user.extra ?? {}))
    headers[`X-Remote-Extra-${escapeExtraKey(key)}`] = [...values];
  if (user.groups.length === 0) delete headers['X-Remote-Group'];
  return headers;
}

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection ?? '';
  return new Set(value.split(',').map((token) => token.trim().toLowerCase()));
}

/**
 * The headers to send to an aggregated server: the client's, minus hop-by-hop headers (kept for
 * upgrades), Authorization, Impersonate-* and X-Remote-*, plus the authenticated user's
 * X-Remote-* headers and X-Forwarded-For.
 */
export function forwardedHeaders(options: {
  incoming: IncomingHttpHeaders;
  user: RemoteUser;
  remoteAddress: string | undefined;
  upgrade: boolean;
}): OutgoingHttpHeaders {
  const { incoming, user, remoteAddress, upgrade } = options;
  const dropped = connectionTokens(incoming);
  const headers: OutgoingHttpHeaders = {};
  const forwarded = (name: string): boolean => {
    if (name === 'host' || isCredential(name)) return false;
    if (upgrade && (name === 'connection' || name === 'upgrade')) return true;
    return !hopByHop.has(name) && !dropped.has(name);
  };
  for (const [name, value] of Object.entries(incoming))
    if (value !== undefined && forwarded(name)) headers[name] = value;
  if (remoteAddress !== undefined) {
    const prior = [incoming['x-forwarded-for'] ?? []].flat().join(', ');
    headers['x-forwarded-for'] = prior === '' ? remoteAddress : `${prior}, ${remoteAddress}`;
  }
  return { ...headers, ...remoteUserHeaders(user) };
}

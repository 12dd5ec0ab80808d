import { isIP } from 'node:net';
import type { MigrationTarget } from './migration-dialer.ts';

/** A `targetUri` of Migrate that the launcher cannot use. */
export class MigrationTargetUriError extends Error {
  override readonly name = 'MigrationTargetUriError';
}

const hostname = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** `tcp://host:port` (IPv6 in brackets) → host and port; a MigrationTargetUriError names the problem. */
export function parseMigrationTargetUri(uri: string): MigrationTarget {
  const match = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(uri);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new MigrationTargetUriError(`targetUri '${uri}' is not tcp://host:port`);
  }
  const bracketed = match[1].startsWith('[');
  const host = bracketed ? match[1].slice(1, -1) : match[1];
  if (bracketed ? isIP(host) !== 6 : isIP(host) === 0 && !hostname.test(host)) {
    throw new MigrationTargetUriError(`targetUri '${uri}' has an invalid host '${host}'`);
  }
  const port = Number(match[2]);
  if (port < 1 || port > 65535) {
    throw new MigrationTargetUriError(`targetUri '${uri}' has an invalid port ${match[2]}`);
  }
  return { host, port };
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** What a client needs to reach the API server: its URL, the CA to trust and the bearer token. */
export interface ClusterAccess {
  readonly server: string;
  /** The CA certificate (PEM). */
  readonly ca: string;
  readonly token: string;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? (value[0] as unknown) : undefined;
}

function requireString(value: unknown, what: string, path: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`kubeconfig ${path}: ${what} is missing or not a string`);
  return value;
}

/** Reads the admin kubeconfig: `clusters[0].cluster.server`, its CA data, `users[0].user.token`. */
export function readKubeconfig(path: string): ClusterAccess {
  const config: unknown = parse(readFileSync(path, 'utf8'));
  const cluster = field(first(field(config, 'clusters')), 'cluster');
  const user = field(first(field(config, 'users')), 'user');
  const caData = requireString(
    field(cluster, 'certificate-authority-data'),
    'clusters[0].cluster.certificate-authority-data',
    path,
  );
  return {
    server: requireString(field(cluster, 'server'), 'clusters[0].cluster.server', path),
    ca: Buffer.from(caData, 'base64').toString('utf8'),
    token: requireString(field(user, 'token'), 'users[0].user.token', path),
  };
}

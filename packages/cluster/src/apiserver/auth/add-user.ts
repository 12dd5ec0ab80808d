import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { isJsonObject, type Json } from '../json.ts';
import { parseTokenFile } from './static-token-file.ts';

/** A user added to the static token file. */
export interface AddedUser {
  readonly name: string;
  readonly token: string;
  readonly kubeconfigPath: string;
}

const userName = /^[A-Za-z0-9]([A-Za-z0-9._@-]*[A-Za-z0-9])?$/;
const groupName = /^[^,"\r\n]+$/;

function clusterOf(kubeconfigPath: string): { server: string; ca: string } {
  if (!existsSync(kubeconfigPath)) {
    throw new Error(
      `${kubeconfigPath} does not exist: start the cluster once (podvisor cluster) before adding users`,
    );
  }
  const config = parseYaml(readFileSync(kubeconfigPath, 'utf8')) as Json;
  const clusters =
    isJsonObject(config) && Array.isArray(config['clusters']) ? config['clusters'] : [];
  const first = clusters[0];
  const cluster = isJsonObject(first) && isJsonObject(first['cluster']) ? first['cluster'] : {};
  const server = cluster['server'];
  const ca = cluster['certificate-authority-data'];
  if (typeof server !== 'string' || typeof ca !== 'string') {
    throw new Error(`${kubeconfigPath} has no cluster server and certificate-authority-data`);
  }
  return { server, ca };
}

function userKubeconfig(
  name: string,
  token: string,
  cluster: { server: string; ca: string },
): string {
  const context = `${name}@podvisor`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'podvisor',
        cluster: { server: cluster.server, 'certificate-authority-data': cluster.ca },
      },
    ],
    users: [{ name, user: { token } }],
    contexts: [
      { name: context, context: { cluster: 'podvisor', user: name, namespace: 'default' } },
    ],
    'current-context': context,
    preferences: {},
  });
}

function checkNames(name: string, groups: readonly string[]): void {
  if (!userName.test(name)) {
    throw new Error(
      `invalid user name ${JSON.stringify(name)}: use letters, digits, '.', '_', '@' and '-', starting and ending with a letter or digit`,
    );
  }
  const bad = groups.find((g) => !groupName.test(g));
  if (bad !== undefined) {
    throw new Error(
      `invalid group name ${JSON.stringify(bad)}: it may not be empty or contain commas, quotes or newlines`,
    );
  }
}

/**
 * Adds a user to the cluster's static token file (`DIR/pki/tokens.csv`, read by the running
 * server on its next request) with a fresh random token, and writes `DIR/users/<name>.kubeconfig`
 * with the server and CA of `DIR/kubeconfig`. Fails when the name is taken or invalid.
 */
export function addUser(options: {
  dataDir: string;
  name: string;
  groups: readonly string[];
}): AddedUser {
  const { dataDir, name, groups } = options;
  checkNames(name, groups);
  const cluster = clusterOf(join(dataDir, 'kubeconfig'));
  const tokensPath = join(dataDir, 'pki', 'tokens.csv');
  const existing = existsSync(tokensPath) ? readFileSync(tokensPath, 'utf8') : '';
  if ([...parseTokenFile(existing, tokensPath).values()].some((u) => u.name === name)) {
    throw new Error(`user ${JSON.stringify(name)} already exists in ${tokensPath}`);
  }
  const token = randomBytes(32).toString('base64url');
  const line = `${token},${name},${randomUUID()}${groups.length === 0 ? '' : `,"${groups.join(',')}"`}\n`;
  mkdirSync(join(dataDir, 'pki'), { recursive: true, mode: 0o700 });
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  appendFileSync(tokensPath, separator + line, { mode: 0o600 });
  const usersDir = join(dataDir, 'users');
  mkdirSync(usersDir, { recursive: true, mode: 0o700 });
  const kubeconfigPath = join(usersDir, `${name}.kubeconfig`);
  const tmp = `${kubeconfigPath}.tmp-${process.pid}`;
  writeFileSync(tmp, userKubeconfig(name, token, cluster), { mode: 0o600 });
  renameSync(tmp, kubeconfigPath);
  return { name, token, kubeconfigPath };
}

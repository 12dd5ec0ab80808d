import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { delimiter, join } from 'node:path';
import type { PodNetworkFacts } from './choose-pod-network.ts';

/** Where `readPodNetworkFacts` looks; tests point these at fixtures. */
export interface PodNetworkSources {
  readonly podIp?: string;
  /** Default `/proc`. */
  readonly procDir?: string;
  /** Default `process.env.PATH`. */
  readonly path?: string;
  /** Default `/usr/bin/passt`, tried after PATH. */
  readonly passtFallback?: string;
  /** Default: `os.networkInterfaces()`. */
  readonly interfaces?: () => Readonly<Record<string, readonly string[]>>;
  /** Default: whether `process.getuid()` is 0. */
  readonly root?: boolean;
}

async function textOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on `path` (a PATH value), then `fallback`; undefined if none. */
export async function findExecutable(
  name: string,
  path: string,
  fallback: string,
): Promise<string | undefined> {
  const dirs = path.split(delimiter).filter((dir) => dir.startsWith('/'));
  for (const candidate of [...dirs.map((dir) => join(dir, name)), fallback]) {
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The soft "Max open files" limit in a `/proc/<pid>/limits` text; undefined for `unlimited` or none. */
export function openFileLimitFrom(limits: string): number | undefined {
  const match = /^Max open files\s+(\d+)\s/m.exec(limits);
  if (match?.[1] === undefined) return undefined;
  return Number(match[1]);
}

function interfaceAddresses(): Record<string, string[]> {
  const addresses: Record<string, string[]> = {};
  for (const [name, infos] of Object.entries(networkInterfaces())) {
    addresses[name] = (infos ?? []).map((info) => info.address);
  }
  return addresses;
}

/**
 * What `choosePodNetwork` needs, read in the launcher's own network namespace: its routes
 * (`/proc/net/route`), interface addresses, the passt binary, root or not, and the open-file
 * limit passt inherits.
 */
export async function readPodNetworkFacts(
  sources: PodNetworkSources = {},
): Promise<PodNetworkFacts> {
  const procDir = sources.procDir ?? '/proc';
  const [routeTable, limits, passtPath] = await Promise.all([
    textOrEmpty(join(procDir, 'net', 'route')),
    textOrEmpty(join(procDir, 'self', 'limits')),
    findExecutable(
      'passt',
      sources.path ?? process.env.PATH ?? '',
      sources.passtFallback ?? '/usr/bin/passt',
    ),
  ]);
  const openFileLimit = openFileLimitFrom(limits);
  return {
    routeTable,
    interfaceAddresses: (sources.interfaces ?? interfaceAddresses)(),
    root: sources.root ?? process.getuid?.() === 0,
    ...(sources.podIp === undefined ? {} : { podIp: sources.podIp }),
    ...(passtPath === undefined ? {} : { passtPath }),
    ...(openFileLimit === undefined ? {} : { openFileLimit }),
  };
}

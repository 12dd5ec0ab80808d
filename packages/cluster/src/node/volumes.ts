import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { JsonObject } from '../apiserver/json.ts';
import type { ContainerMount } from './container-command.ts';
import { referencedData, type EnvSources } from './container-env.ts';
import { fieldRefValue, resourceFieldValue, type DownwardContext } from './downward-api.ts';
import { readBoolean, readNumber, readObject, readObjects, readString } from './read-json.ts';

/** A volume that cannot be set up (the pod's FailedMount event says why). */
export class VolumeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VolumeError';
  }
}

/** What the volumes of a pod read from the cluster. */
export interface VolumeSources extends EnvSources {
  /** The host path behind a bound PVC (its PV's `hostPath.path` or `local.path`). */
  claimPath(namespace: string, claim: string): Promise<string>;
  /** A service account token from the TokenRequest API, or undefined when that API is not served. */
  serviceAccountToken(
    namespace: string,
    serviceAccount: string,
    request: { audience: string; expirationSeconds: number },
  ): Promise<string | undefined>;
}

/** Everything {@link prepareVolumes} needs. */
export interface VolumeContext {
  readonly downward: DownwardContext;
  readonly podDir: string;
  readonly sources: VolumeSources;
  /** Reports a volume source that was skipped (a warning event on the pod). */
  readonly warn: (reason: string, message: string) => void;
}

interface FileEntry {
  readonly path: string;
  readonly content: string;
  readonly mode: number | undefined;
}

function safeRelative(path: string): string {
  const clean = normalize(path);
  if (isAbsolute(clean) || clean.startsWith('..'))
    throw new VolumeError(`invalid path "${path}" in volume items`);
  return clean;
}

function writeEntries(dir: string, entries: readonly FileEntry[], defaultMode: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of entries) {
    const file = join(dir, safeRelative(entry.path));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.content, { mode: entry.mode ?? defaultMode });
  }
}

function keyEntries(data: Record<string, string>, source: JsonObject, what: string): FileEntry[] {
  const items = readObjects(source['items']);
  if (items.length === 0)
    return Object.entries(data).map(([path, content]) => ({ path, content, mode: undefined }));
  return items.flatMap((item) => {
    const key = readString(item['key']);
    const content = data[key];
    if (content === undefined) {
      if (readBoolean(source['optional'], false)) return [];
      throw new VolumeError(`configuration key "${key}" not found in ${what}`);
    }
    const mode = typeof item['mode'] === 'number' ? item['mode'] : undefined;
    return [{ path: readString(item['path'], key), content, mode }];
  });
}

async function objectEntries(
  ctx: VolumeContext,
  kind: 'ConfigMap' | 'Secret',
  source: JsonObject,
): Promise<FileEntry[]> {
  const namespace = readString(readObject(ctx.downward.pod['metadata'])['namespace']);
  const name = readString(
    kind === 'Secret' ? (source['secretName'] ?? source['name']) : source['name'],
  );
  const optional = readBoolean(source['optional'], false);
  let data: Record<string, string> | undefined;
  try {
    data = await referencedData(ctx.sources, { kind, namespace, name, optional });
  } catch (error) {
    throw new VolumeError(`${kind.toLowerCase()} "${name}" not found: ${(error as Error).message}`);
  }
  return data === undefined ? [] : keyEntries(data, source, `${kind} ${namespace}/${name}`);
}

function containerOf(pod: JsonObject, name: string): JsonObject {
  const spec = readObject(pod['spec']);
  const all = [...readObjects(spec['containers']), ...readObjects(spec['initContainers'])];
  return all.find((c) => c['name'] === name) ?? all[0] ?? {};
}

function downwardEntries(ctx: VolumeContext, source: JsonObject): FileEntry[] {
  return readObjects(source['items']).map((item) => {
    const mode = typeof item['mode'] === 'number' ? item['mode'] : undefined;
    const path = readString(item['path']);
    if (item['fieldRef'] !== undefined) {
      const content = fieldRefValue(
        ctx.downward,
        readString(readObject(item['fieldRef'])['fieldPath']),
      );
      return { path, content, mode };
    }
    const ref = readObject(item['resourceFieldRef']);
    const container = containerOf(ctx.downward.pod, readString(ref['containerName']));
    return { path, content: resourceFieldValue(ctx.downward, container, ref), mode };
  });
}

async function tokenEntries(ctx: VolumeContext, source: JsonObject): Promise<FileEntry[]> {
  const meta = readObject(ctx.downward.pod['metadata']);
  const spec = readObject(ctx.downward.pod['spec']);
  const serviceAccount = readString(spec['serviceAccountName'], 'default');
  const token = await ctx.sources.serviceAccountToken(
    readString(meta['namespace']),
    serviceAccount,
    {
      audience: readString(source['audience']),
      expirationSeconds: readNumber(source['expirationSeconds'], 3607),
    },
  );
  if (token === undefined) {
    ctx.warn(
      'TokenRequestUnavailable',
      `skipped the serviceAccountToken projection: the API server does not serve serviceaccounts/token`,
    );
    return [];
  }
  return [{ path: readString(source['path'], 'token'), content: token, mode: undefined }];
}

async function projectedEntries(ctx: VolumeContext, projected: JsonObject): Promise<FileEntry[]> {
  const entries: FileEntry[] = [];
  for (const source of readObjects(projected['sources'])) {
    if (source['configMap'] !== undefined)
      entries.push(...(await objectEntries(ctx, 'ConfigMap', readObject(source['configMap']))));
    else if (source['secret'] !== undefined)
      entries.push(...(await objectEntries(ctx, 'Secret', readObject(source['secret']))));
    else if (source['downwardAPI'] !== undefined)
      entries.push(...downwardEntries(ctx, readObject(source['downwardAPI'])));
    else if (source['serviceAccountToken'] !== undefined)
      entries.push(...(await tokenEntries(ctx, readObject(source['serviceAccountToken']))));
  }
  return entries;
}

function hostPathVolume(source: JsonObject): string {
  const path = readString(source['path']);
  const type = readString(source['type']);
  if (!isAbsolute(path)) throw new VolumeError(`hostPath "${path}" must be an absolute path`);
  if (type === 'DirectoryOrCreate') mkdirSync(path, { recursive: true });
  else if (type === 'FileOrCreate' && !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  } else if (type !== '' && !existsSync(path)) {
    throw new VolumeError(`hostPath type check failed: ${path} does not exist`);
  }
  return path;
}

const fileVolumes = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;

async function fileVolumeEntries(
  ctx: VolumeContext,
  volume: JsonObject,
): Promise<[FileEntry[], number] | undefined> {
  const kind = fileVolumes.find((k) => volume[k] !== undefined);
  if (kind === undefined) return undefined;
  const source = readObject(volume[kind]);
  const mode = readNumber(source['defaultMode'], 0o644);
  if (kind === 'configMap') return [await objectEntries(ctx, 'ConfigMap', source), mode];
  if (kind === 'secret') return [await objectEntries(ctx, 'Secret', source), mode];
  if (kind === 'downwardAPI') return [downwardEntries(ctx, source), mode];
  return [await projectedEntries(ctx, source), mode];
}

async function prepareVolume(ctx: VolumeContext, volume: JsonObject): Promise<string> {
  const name = readString(volume['name']);
  const dir = join(ctx.podDir, 'volumes', name);
  if (volume['hostPath'] !== undefined) return hostPathVolume(readObject(volume['hostPath']));
  if (volume['persistentVolumeClaim'] !== undefined) {
    const namespace = readString(readObject(ctx.downward.pod['metadata'])['namespace']);
    const claim = readString(readObject(volume['persistentVolumeClaim'])['claimName']);
    return ctx.sources.claimPath(namespace, claim);
  }
  const files = await fileVolumeEntries(ctx, volume);
  if (files !== undefined) {
    writeEntries(dir, files[0], files[1]);
    return dir;
  }
  if (volume['emptyDir'] !== undefined) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  throw new VolumeError(
    `volume "${name}": this node supports emptyDir, hostPath, configMap, secret, downwardAPI, projected and persistentVolumeClaim volumes`,
  );
}

/**
 * Sets up a pod's volumes under `<podDir>/volumes/<name>` (hostPath and PVCs stay where they are)
 * and returns each volume's host path by name. Throws {@link VolumeError} (FailedMount).
 */
export async function prepareVolumes(ctx: VolumeContext): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const volume of readObjects(readObject(ctx.downward.pod['spec'])['volumes'])) {
    paths.set(readString(volume['name']), await prepareVolume(ctx, volume));
  }
  return paths;
}

/** The mounts of a container: each volumeMount's host path (with its subPath) and mountPath. */
export function containerMounts(
  container: JsonObject,
  volumes: ReadonlyMap<string, string>,
): ContainerMount[] {
  return readObjects(container['volumeMounts']).map((mount) => {
    const name = readString(mount['name']);
    const base = volumes.get(name);
    if (base === undefined)
      throw new VolumeError(`volumeMount "${name}" refers to no volume of the pod`);
    const subPath = readString(mount['subPath']);
    const hostPath = subPath === '' ? base : join(base, safeRelative(subPath));
    if (subPath !== '' && !existsSync(hostPath)) mkdirSync(hostPath, { recursive: true });
    return {
      hostPath,
      mountPath: readString(mount['mountPath']),
      readOnly: readBoolean(mount['readOnly'], false),
    };
  });
}

/**
 * Builds the container's root directory: every mountPath becomes a symlink there to its volume,
 * so `<root>/<mountPath>` is the path the process uses (it gets `<root>` as PODVISOR_CONTAINER_ROOT).
 */
export function linkMounts(rootDir: string, mounts: readonly ContainerMount[]): void {
  mkdirSync(rootDir, { recursive: true });
  for (const mount of mounts) {
    const link = join(rootDir, safeRelative(mount.mountPath.replace(/^\/+/, '')));
    mkdirSync(dirname(link), { recursive: true });
    if (existsSync(link) || isLink(link)) rmSync(link, { recursive: true, force: true });
    symlinkSync(mount.hostPath, link);
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

import {
  existsSync,
  lstatSync,
  mkdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import type { JsonObject } from '../apiserver/json.ts';
import type { ContainerMount } from './container-command.ts';
import { referencedData, type EnvSources } from './container-env.ts';
import { fieldRefValue, resourceFieldValue, type DownwardContext } from './downward-api.ts';
import { nodeHostPath, type NodeHostDirs } from './node-host-path.ts';
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
  /** Where this node's node-local host paths are (see {@link nodeHostPath}). */
  readonly node: NodeHostDirs;
  /**
   * The directories of the pod's own volumes from an earlier run (its record), kept so an adopted
   * pod keeps its data; undefined for a pod recorded before the directories were, which used the
   * older `<podDir>/volumes/<name>` layout.
   */
  readonly recordedDirs: Readonly<Record<string, string>> | undefined;
  readonly sources: VolumeSources;
  /** Reports a volume source that was skipped (a warning event on the pod). */
  readonly warn: (reason: string, message: string) => void;
}

/** What {@link prepareVolumes} set up. */
export interface PreparedVolumes {
  /** Every volume's host path by name. */
  readonly paths: Map<string, string>;
  /** The directories of the volumes that live in the pod's directory (to record), by name. */
  readonly podDirs: Record<string, string>;
}

/** kubelet's plugin directory names, as in `<podDir>/volumes/kubernetes.io~empty-dir/<name>`. */
const pluginDirs = {
  emptyDir: 'kubernetes.io~empty-dir',
  configMap: 'kubernetes.io~configmap',
  secret: 'kubernetes.io~secret',
  projected: 'kubernetes.io~projected',
  downwardAPI: 'kubernetes.io~downward-api',
} as const;

type PodVolumeKind = keyof typeof pluginDirs;

/**
 * The directory of a volume kept in the pod's directory: where the pod's record says it is, or
 * kubelet's layout (`<podDir>/volumes/kubernetes.io~<plugin>/<name>`, so node components find a
 * launcher's socket where they would on a real node).
 */
export function podVolumeDir(ctx: VolumeContext, kind: PodVolumeKind, name: string): string {
  if (ctx.recordedDirs === undefined) return join(ctx.podDir, 'volumes', name);
  const recorded = ctx.recordedDirs[name];
  if (recorded?.startsWith(`${ctx.podDir}/`) === true) return recorded;
  return join(ctx.podDir, 'volumes', pluginDirs[kind], name);
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

/** hostPath types checked against what is at the path: the test, and what it must be. */
const hostPathTypes: Readonly<Record<string, [(stats: Stats) => boolean, string]>> = {
  Directory: [(s) => s.isDirectory(), 'a directory'],
  DirectoryOrCreate: [(s) => s.isDirectory(), 'a directory'],
  File: [(s) => s.isFile(), 'a file'],
  FileOrCreate: [(s) => s.isFile(), 'a file'],
  Socket: [(s) => s.isSocket(), 'a socket file'],
  CharDevice: [(s) => s.isCharacterDevice(), 'a character device'],
  BlockDevice: [(s) => s.isBlockDevice(), 'a block device'],
};

function createHostPath(path: string, type: string): void {
  if (existsSync(path)) return;
  if (type === 'DirectoryOrCreate') mkdirSync(path, { recursive: true });
  if (type === 'FileOrCreate') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, '');
  }
}

/**
 * A hostPath volume: the pod's path mapped to this node ({@link nodeHostPath}), created for the
 * `…OrCreate` types and checked against its type, as kubelet does.
 */
function hostPathVolume(ctx: VolumeContext, source: JsonObject): string {
  const path = readString(source['path']);
  const type = readString(source['type']);
  if (!isAbsolute(path)) throw new VolumeError(`hostPath "${path}" must be an absolute path`);
  const mapped = nodeHostPath(path, ctx.node);
  if (type === '') return mapped;
  const check = hostPathTypes[type];
  if (check === undefined) throw new VolumeError(`hostPath type "${type}" is not a valid type`);
  createHostPath(mapped, type);
  const shown = mapped === path ? path : `${path} (on this node ${mapped})`;
  const stats = statSync(mapped, { throwIfNoEntry: false });
  if (stats === undefined)
    throw new VolumeError(`hostPath type check failed: ${shown} does not exist`);
  if (!check[0](stats))
    throw new VolumeError(`hostPath type check failed: ${shown} is not ${check[1]}`);
  return mapped;
}

const fileVolumes = ['configMap', 'secret', 'downwardAPI', 'projected'] as const;
type FileVolumeKind = (typeof fileVolumes)[number];

async function fileVolumeEntries(
  ctx: VolumeContext,
  kind: FileVolumeKind,
  source: JsonObject,
): Promise<[FileEntry[], number]> {
  const mode = readNumber(source['defaultMode'], 0o644);
  if (kind === 'configMap') return [await objectEntries(ctx, 'ConfigMap', source), mode];
  if (kind === 'secret') return [await objectEntries(ctx, 'Secret', source), mode];
  if (kind === 'downwardAPI') return [downwardEntries(ctx, source), mode];
  return [await projectedEntries(ctx, source), mode];
}

/** A volume's host path, and whether it lives in the pod's directory. */
interface PreparedVolume {
  readonly path: string;
  readonly inPod: boolean;
}

async function prepareVolume(ctx: VolumeContext, volume: JsonObject): Promise<PreparedVolume> {
  const name = readString(volume['name']);
  if (volume['hostPath'] !== undefined)
    return { path: hostPathVolume(ctx, readObject(volume['hostPath'])), inPod: false };
  if (volume['persistentVolumeClaim'] !== undefined) {
    const namespace = readString(readObject(ctx.downward.pod['metadata'])['namespace']);
    const claim = readString(readObject(volume['persistentVolumeClaim'])['claimName']);
    return { path: await ctx.sources.claimPath(namespace, claim), inPod: false };
  }
  const kind = fileVolumes.find((k) => volume[k] !== undefined);
  if (kind !== undefined) {
    const dir = podVolumeDir(ctx, kind, name);
    const [entries, mode] = await fileVolumeEntries(ctx, kind, readObject(volume[kind]));
    writeEntries(dir, entries, mode);
    return { path: dir, inPod: true };
  }
  if (volume['emptyDir'] !== undefined) {
    const dir = podVolumeDir(ctx, 'emptyDir', name);
    mkdirSync(dir, { recursive: true });
    return { path: dir, inPod: true };
  }
  throw new VolumeError(
    `volume "${name}": this node supports emptyDir, hostPath, configMap, secret, downwardAPI, projected and persistentVolumeClaim volumes`,
  );
}

/**
 * Sets up a pod's volumes: emptyDir, configMap, secret, downwardAPI and projected ones in the pod's
 * directory ({@link podVolumeDir}), hostPaths mapped to this node ({@link nodeHostPath}), PVCs at
 * their volume's path. Throws {@link VolumeError} (FailedMount) naming the volume.
 */
export async function prepareVolumes(ctx: VolumeContext): Promise<PreparedVolumes> {
  const paths = new Map<string, string>();
  const podDirs: Record<string, string> = {};
  for (const volume of readObjects(readObject(ctx.downward.pod['spec'])['volumes'])) {
    const name = readString(volume['name']);
    let prepared: PreparedVolume;
    try {
      prepared = await prepareVolume(ctx, volume);
    } catch (error) {
      if (!(error instanceof VolumeError)) throw error;
      throw new VolumeError(`MountVolume.SetUp failed for volume "${name}" : ${error.message}`);
    }
    paths.set(name, prepared.path);
    if (prepared.inPod) podDirs[name] = prepared.path;
  }
  return { paths, podDirs };
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

import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../apiserver/json.ts';
import {
  containerMounts,
  linkMounts,
  prepareVolumes,
  VolumeError,
  type VolumeSources,
} from './volumes.ts';

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const sources: VolumeSources = {
  configMap: (_ns, name) =>
    Promise.resolve(name === 'cm' ? { data: { 'a.conf': 'A', b: 'B' } } : undefined),
  secret: (_ns, name) =>
    Promise.resolve(name === 's' ? { data: { password: base64('pw') } } : undefined),
  services: () => Promise.resolve([]),
  claimPath: (_ns, claim) =>
    claim === 'bound'
      ? Promise.resolve('/srv/claims/bound')
      : Promise.reject(new VolumeError(`persistentvolumeclaim "${claim}" is not bound`)),
  serviceAccountToken: () => Promise.resolve(undefined),
};

function setup(
  volumes: JsonObject[],
  options: { recordedDirs?: ((podDir: string) => Record<string, string>) | undefined } = {
    recordedDirs: () => ({}),
  },
): {
  podDir: string;
  dataDir: string;
  warnings: string[];
  run: () => Promise<Map<string, string>>;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-volumes-'));
  const podsDir = join(dataDir, 'nodes/node-1/pods');
  const podDir = join(podsDir, 'u');
  mkdirSync(podDir, { recursive: true });
  const warnings: string[] = [];
  const pod = {
    metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { app: 'x' } },
    spec: { volumes },
  };
  return {
    podDir,
    dataDir,
    warnings,
    run: async () =>
      (
        await prepareVolumes({
          downward: {
            pod,
            podIP: '127.1.0.2',
            hostIP: '127.0.0.1',
            allocatable: { cpu: 1, memory: 1 },
          },
          podDir,
          node: { dataDir, nodeName: 'node-1', podsDir },
          recordedDirs: options.recordedDirs?.(podDir),
          sources,
          warn: (reason) => warnings.push(reason),
        })
      ).paths,
  };
}

describe('prepareVolumes', () => {
  it('writes configMap items, secrets with their mode, downwardAPI and projected files', async () => {
    const { podDir, warnings, run } = setup([
      { name: 'cm', configMap: { name: 'cm', items: [{ key: 'a.conf', path: 'conf/a.conf' }] } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 0o400 } },
      {
        name: 'info',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
      },
      {
        name: 'proj',
        projected: {
          sources: [{ configMap: { name: 'cm' } }, { serviceAccountToken: { path: 'token' } }],
        },
      },
    ]);
    const paths = await run();
    const dir = (plugin: string, name: string): string =>
      join(podDir, 'volumes', `kubernetes.io~${plugin}`, name);
    expect(readFileSync(join(dir('configmap', 'cm'), 'conf/a.conf'), 'utf8')).toBe('A');
    expect(existsSync(join(dir('configmap', 'cm'), 'b'))).toBe(false);
    expect(readFileSync(join(dir('secret', 'sec'), 'password'), 'utf8')).toBe('pw');
    expect(statSync(join(dir('secret', 'sec'), 'password')).mode & 0o777).toBe(0o400);
    expect(readFileSync(join(dir('downward-api', 'info'), 'labels'), 'utf8')).toBe('app="x"');
    expect(readFileSync(join(dir('projected', 'proj'), 'b'), 'utf8')).toBe('B');
    expect(existsSync(join(dir('projected', 'proj'), 'token'))).toBe(false);
    expect(warnings).toEqual(['TokenRequestUnavailable']);
    expect(paths.get('sec')).toBe(dir('secret', 'sec'));
  });

  it('uses hostPath and bound claims where they are, and creates DirectoryOrCreate', async () => {
    const hostDir = join(mkdtempSync(join(tmpdir(), 'podvisor-host-')), 'made');
    const { run } = setup([
      { name: 'host', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'bound' } },
    ]);
    const paths = await run();
    expect(paths.get('host')).toBe(hostDir);
    expect(existsSync(hostDir)).toBe(true);
    expect(paths.get('data')).toBe('/srv/claims/bound');
  });

  it.each<[JsonObject, string]>([
    [{ name: 'x', configMap: { name: 'absent' } }, 'configmap "absent" not found'],
    [
      { name: 'x', persistentVolumeClaim: { claimName: 'pending' } },
      'persistentvolumeclaim "pending" is not bound',
    ],
    [
      { name: 'x', hostPath: { path: '/nonexistent/podvisor', type: 'Directory' } },
      'does not exist',
    ],
    [{ name: 'x', nfs: { server: 'n', path: '/' } }, 'this node supports emptyDir'],
  ])('refuses %j', async (volume, message) => {
    await expect(setup([volume]).run()).rejects.toThrow(message);
  });

  it('leaves out a missing optional configMap', async () => {
    const { podDir, run } = setup([{ name: 'opt', configMap: { name: 'absent', optional: true } }]);
    await run();
    expect(existsSync(join(podDir, 'volumes/kubernetes.io~configmap/opt'))).toBe(true);
  });
});

describe('prepareVolumes on a node', () => {
  it("puts an emptyDir in kubelet's layout, real directories from the pod directory down", async () => {
    const { podDir, run } = setup([{ name: 'sockets', emptyDir: {} }]);
    const paths = await run();
    const dir = join(podDir, 'volumes/kubernetes.io~empty-dir/sockets');
    expect(paths.get('sockets')).toBe(dir);
    for (const path of [join(podDir, 'volumes'), dirname(dir), dir])
      expect(lstatSync(path).isDirectory()).toBe(true);
  });

  it.each<[string, ((podDir: string) => Record<string, string>) | undefined, string]>([
    ['the directory its record names', (podDir) => ({ data: join(podDir, 'kept') }), 'kept'],
    ['the older layout when its record predates recording', undefined, 'volumes/data'],
    [
      "kubelet's layout when the record names a path outside the pod",
      () => ({ data: '/etc' }),
      'volumes/kubernetes.io~empty-dir/data',
    ],
  ])("puts an adopted pod's emptyDir in %s", async (_case, recorded, expected) => {
    const { podDir, run } = setup([{ name: 'data', emptyDir: {} }], { recordedDirs: recorded });
    expect((await run()).get('data')).toBe(join(podDir, expected));
  });

  it.each([
    ['/var/lib/kubelet/pods', 'nodes/node-1/pods'],
    ['/var/lib/podvisor/images', 'images'],
    [
      '/var/lib/podvisor/cache/qemu-capabilities',
      'nodes/node-1/host/var/lib/podvisor/cache/qemu-capabilities',
    ],
  ])('maps the hostPath %s to <dataDir>/%s, creating it', async (path, expected) => {
    const { dataDir, run } = setup([{ name: 'h', hostPath: { path, type: 'DirectoryOrCreate' } }]);
    const paths = await run();
    expect(paths.get('h')).toBe(join(dataDir, expected));
    expect(statSync(join(dataDir, expected)).isDirectory()).toBe(true);
  });

  it.each<[JsonObject, string]>([
    [
      { path: '/var/lib/podvisor/missing', type: 'Directory' },
      '/var/lib/podvisor/missing (on this node ',
    ],
    [{ path: '/var/lib/podvisor/file', type: 'Directory' }, 'file) is not a directory'],
    [{ path: '/var/lib/podvisor/dir', type: 'File' }, 'dir) is not a file'],
    [{ path: '/var/lib/podvisor/dir', type: 'Socket' }, 'is not a socket file'],
    [{ path: '/var/lib/podvisor/file', type: 'CharDevice' }, 'is not a character device'],
    [
      { path: '/var/lib/podvisor/file', type: 'Folder' },
      'hostPath type "Folder" is not a valid type',
    ],
    [{ path: 'relative', type: '' }, 'must be an absolute path'],
  ])('checks hostPath %j against what is on this node', async (hostPath, message) => {
    const { dataDir, run } = setup([{ name: 'h', hostPath }]);
    const host = join(dataDir, 'nodes/node-1/host/var/lib/podvisor');
    mkdirSync(join(host, 'dir'), { recursive: true });
    writeFileSync(join(host, 'file'), '');
    await expect(run()).rejects.toThrow(message);
    await expect(run()).rejects.toThrow('MountVolume.SetUp failed for volume "h" : ');
  });

  it('creates a FileOrCreate hostPath and its directory on this node', async () => {
    const { dataDir, run } = setup([
      { name: 'h', hostPath: { path: '/var/lib/kubelet/x/y.conf', type: 'FileOrCreate' } },
    ]);
    await run();
    expect(statSync(join(dataDir, 'nodes/node-1/host/var/lib/kubelet/x/y.conf')).isFile()).toBe(
      true,
    );
  });
});

describe('linkMounts', () => {
  it('makes each mountPath (with subPath) a symlink under the container root', () => {
    const root = mkdtempSync(join(tmpdir(), 'podvisor-root-'));
    const volumes = new Map([['data', '/srv/data']]);
    const mounts = containerMounts(
      { volumeMounts: [{ name: 'data', mountPath: '/var/lib/app', subPath: 'sub' }] },
      new Map([['data', mkdtempSync(join(tmpdir(), 'podvisor-vol-'))]]),
    );
    linkMounts(root, mounts);
    expect(readlinkSync(join(root, 'var/lib/app'))).toBe(mounts[0]?.hostPath);
    expect(mounts[0]?.hostPath.endsWith('/sub')).toBe(true);
    expect(() =>
      containerMounts({ volumeMounts: [{ name: 'other', mountPath: '/x' }] }, volumes),
    ).toThrow(VolumeError);
  });
});

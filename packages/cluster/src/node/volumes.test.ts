import { existsSync, mkdtempSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function setup(volumes: JsonObject[]): {
  podDir: string;
  warnings: string[];
  run: () => Promise<Map<string, string>>;
} {
  const podDir = mkdtempSync(join(tmpdir(), 'podvisor-volumes-'));
  const warnings: string[] = [];
  const pod = {
    metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { app: 'x' } },
    spec: { volumes },
  };
  return {
    podDir,
    warnings,
    run: () =>
      prepareVolumes({
        downward: {
          pod,
          podIP: '127.1.0.2',
          hostIP: '127.0.0.1',
          allocatable: { cpu: 1, memory: 1 },
        },
        podDir,
        sources,
        warn: (reason) => warnings.push(reason),
      }),
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
    expect(readFileSync(join(podDir, 'volumes/cm/conf/a.conf'), 'utf8')).toBe('A');
    expect(existsSync(join(podDir, 'volumes/cm/b'))).toBe(false);
    expect(readFileSync(join(podDir, 'volumes/sec/password'), 'utf8')).toBe('pw');
    expect(statSync(join(podDir, 'volumes/sec/password')).mode & 0o777).toBe(0o400);
    expect(readFileSync(join(podDir, 'volumes/info/labels'), 'utf8')).toBe('app="x"');
    expect(readFileSync(join(podDir, 'volumes/proj/b'), 'utf8')).toBe('B');
    expect(existsSync(join(podDir, 'volumes/proj/token'))).toBe(false);
    expect(warnings).toEqual(['TokenRequestUnavailable']);
    expect(paths.get('sec')).toBe(join(podDir, 'volumes/sec'));
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
    expect(existsSync(join(podDir, 'volumes/opt'))).toBe(true);
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

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeConfig, serviceAccountDir } from './load-kube-config.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'load-kube-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeServiceAccount(root: string, files: Record<string, string>): string {
  const saDir = join(root, serviceAccountDir);
  mkdirSync(saDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(saDir, name), text);
  return saDir;
}

function writeKubeconfig(path: string, server: string, namespace = 'default'): void {
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: c\n  cluster:\n    server: ${server}`,
      'users:',
      '- name: u\n  user:\n    token: file-token',
      'contexts:',
      `- name: ctx\n  context:\n    cluster: c\n    user: u\n    namespace: ${namespace}`,
      'current-context: ctx',
      '',
    ].join('\n'),
  );
}

async function authorization(kubeConfig: ReturnType<typeof loadKubeConfig>): Promise<unknown> {
  const headers: OutgoingHttpHeaders = {};
  await kubeConfig.applyToHTTPSOptions({ headers } satisfies RequestOptions);
  return headers['Authorization'];
}

describe('loadKubeConfig in a pod', () => {
  it('reads the service-account token and CA under PODVISOR_CONTAINER_ROOT', async () => {
    const saDir = writeServiceAccount(dir, {
      token: 'sa-token',
      'ca.crt': 'not checked here',
      namespace: 'podvisor\n',
    });
    const kubeConfig = loadKubeConfig({
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      PODVISOR_CONTAINER_ROOT: dir,
      KUBECONFIG: join(dir, 'ignored'),
    });
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://127.0.0.1:6443',
      caFile: join(saDir, 'ca.crt'),
    });
    expect(kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace).toBe('podvisor');
    expect(await authorization(kubeConfig)).toBe('Bearer sa-token');
  });

  it('brackets an IPv6 service host and defaults the port to 443', () => {
    writeServiceAccount(dir, { token: 't', 'ca.crt': 'c' });
    const kubeConfig = loadKubeConfig({
      KUBERNETES_SERVICE_HOST: 'fd00::1',
      PODVISOR_CONTAINER_ROOT: dir,
    });
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://[fd00::1]:443');
  });

  it('names the missing token file', () => {
    writeServiceAccount(dir, { 'ca.crt': 'c' });
    expect(() =>
      loadKubeConfig({ KUBERNETES_SERVICE_HOST: '10.0.0.1', PODVISOR_CONTAINER_ROOT: dir }),
    ).toThrow(join(dir, serviceAccountDir, 'token'));
  });
});

describe('loadKubeConfig outside a pod', () => {
  it('loads $KUBECONFIG', async () => {
    const path = join(dir, 'config');
    writeKubeconfig(path, 'https://example.test:6443', 'team');
    const kubeConfig = loadKubeConfig({ KUBECONFIG: path, HOME: join(dir, 'elsewhere') });
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://example.test:6443');
    expect(kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace).toBe('team');
    expect(await authorization(kubeConfig)).toBe('Bearer file-token');
  });

  it('falls back to ~/.kube/config from HOME', () => {
    mkdirSync(join(dir, '.kube'));
    writeKubeconfig(join(dir, '.kube', 'config'), 'https://home.test:443');
    const kubeConfig = loadKubeConfig({ KUBERNETES_SERVICE_HOST: '', HOME: dir });
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://home.test:443');
  });

  it('names the kubeconfig that does not exist', () => {
    expect(() => loadKubeConfig({ HOME: dir })).toThrow(join(dir, '.kube', 'config'));
  });
});

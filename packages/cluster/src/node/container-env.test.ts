import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../apiserver/json.ts';
import {
  buildContainerEnv,
  ContainerConfigError,
  expandVars,
  type EnvSources,
} from './container-env.ts';

describe('expandVars', () => {
  it.each([
    ['$(A)-$(B)', 'a-b'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['plain', 'plain'],
  ])('expands %s to %s', (text, expected) => {
    expect(expandVars(text, { A: 'a', B: 'b' })).toBe(expected);
  });
});

const pod: JsonObject = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'web' } },
  spec: { nodeName: 'node-1', serviceAccountName: 'sa' },
};
const sources: EnvSources = {
  configMap: (_ns, name) =>
    Promise.resolve(name === 'cm' ? { data: { a: '1', 'bad key': 'x' } } : undefined),
  secret: (_ns, name) =>
    Promise.resolve(
      name === 's' ? { data: { pw: Buffer.from('hunter2').toString('base64') } } : undefined,
    ),
  services: () =>
    Promise.resolve([
      {
        metadata: { name: 'my-db' },
        spec: { clusterIP: '127.96.0.5', ports: [{ name: 'sql', port: 5432, protocol: 'TCP' }] },
      },
      { metadata: { name: 'headless' }, spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
    ]),
};

function envOf(container: JsonObject): Promise<Record<string, string>> {
  return buildContainerEnv({
    downward: {
      pod,
      podIP: '127.1.0.9',
      hostIP: '127.0.0.1',
      allocatable: { cpu: 2, memory: 4096 },
    },
    container,
    sources,
    apiServer: { host: '127.0.0.1', port: '6443' },
    imageEnv: { PATH: '/bin' },
  });
}

describe('buildContainerEnv', () => {
  it('combines service links, envFrom, the downward API, keys and resources', async () => {
    const env = await envOf({
      envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }],
      env: [
        { name: 'LABELS', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
        {
          name: 'MEM',
          valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Ki' } },
        },
        { name: 'GONE', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
      ],
    });
    expect(env).toMatchObject({
      PATH: '/bin',
      HOSTNAME: 'p',
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      KUBERNETES_SERVICE_PORT: '6443',
      MY_DB_SERVICE_HOST: '127.96.0.5',
      MY_DB_SERVICE_PORT_SQL: '5432',
      MY_DB_PORT_5432_TCP_ADDR: '127.96.0.5',
      CM_a: '1',
      LABELS: 'web',
      IP: '127.1.0.9',
      SA: 'sa',
      PW: 'hunter2',
      MEM: '4',
    });
    expect(Object.keys(env)).not.toContain('CM_bad key');
    expect(Object.keys(env)).not.toContain('GONE');
    expect(Object.keys(env).some((k) => k.startsWith('HEADLESS'))).toBe(false);
  });

  it.each([
    [{ configMapKeyRef: { name: 'absent', key: 'a' } }, 'configmap "absent" not found'],
    [{ configMapKeyRef: { name: 'cm', key: 'zz' } }, "couldn't find key zz in ConfigMap ns/cm"],
    [{ secretKeyRef: { name: 'absent', key: 'a' } }, 'secret "absent" not found'],
  ])('refuses a missing reference %j', async (valueFrom, message) => {
    const attempt = envOf({ env: [{ name: 'X', valueFrom }] });
    await expect(attempt).rejects.toThrow(ContainerConfigError);
    await expect(attempt).rejects.toThrow(message);
  });
});

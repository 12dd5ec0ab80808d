import { describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';
import { builtinResources } from '../registry/builtin-resources.ts';
import type { ResourceDefinition } from '../registry/resource-definition.ts';
import { StatusError } from '../status-error.ts';
import { chainAdmission } from './chain-admission.ts';
import {
  serviceAccountAdmission,
  serviceAccountMountPath,
  tokenVolumeSource,
} from './service-account-admission.ts';
import type { Admission, AdmissionAttributes } from './service-context.ts';

function definition(kind: string): ResourceDefinition {
  const def = builtinResources.find((r) => r.group === '' && r.kind === kind);
  if (def === undefined) throw new Error(`no built-in ${kind}`);
  return def;
}

const accounts: Record<string, KubeObject> = {
  'ns/default': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
  'ns/robot': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } },
  'ns/quiet': {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'quiet' },
    automountServiceAccountToken: false,
  },
};

const admission = serviceAccountAdmission({
  getServiceAccount: (namespace, name) => accounts[`${namespace}/${name}`],
  generateName: (prefix) => `${prefix}abcde`,
});

function pod(spec: JsonObject, annotations?: JsonObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', ...(annotations === undefined ? {} : { annotations }) },
    spec,
  };
}

function attributes(
  object: KubeObject,
  overrides: Partial<AdmissionAttributes> = {},
  namespace = 'ns',
): AdmissionAttributes {
  return {
    operation: 'CREATE',
    def: definition('Pod'),
    subresource: '',
    namespace,
    name: 'p',
    object,
    oldObject: undefined,
    dryRun: false,
    user: undefined,
    ...overrides,
  };
}

async function admitSpec(spec: JsonObject, namespace = 'ns'): Promise<JsonObject> {
  const { object } = await admission.mutate(attributes(pod(spec), {}, namespace));
  const admitted = object?.['spec'];
  if (!isJsonObject(admitted)) throw new Error('no spec');
  return admitted;
}

const container = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  image: 'busybox',
  ...extra,
});
const tokenMount = {
  name: 'kube-api-access-abcde',
  readOnly: true,
  mountPath: serviceAccountMountPath,
};

function mountsOf(spec: JsonObject, key: 'containers' | 'initContainers'): Json[] {
  const list = spec[key];
  return Array.isArray(list)
    ? list.map((c) => (isJsonObject(c) ? (c['volumeMounts'] ?? []) : []))
    : [];
}

describe('serviceAccountAdmission', () => {
  it('defaults the account to default and mounts its token, CA and namespace in every container', async () => {
    const spec = await admitSpec({
      initContainers: [container('init')],
      containers: [container('a'), container('b')],
    });
    expect(spec['serviceAccountName']).toBe('default');
    expect(spec['serviceAccount']).toBe('default');
    expect(spec['volumes']).toEqual([
      { name: 'kube-api-access-abcde', projected: tokenVolumeSource() },
    ]);
    expect(mountsOf(spec, 'containers')).toEqual([[tokenMount], [tokenMount]]);
    expect(mountsOf(spec, 'initContainers')).toEqual([[tokenMount]]);
  });

  it('projects the token (3607 s), ca.crt from kube-root-ca.crt and the namespace, as kube does', () => {
    expect(tokenVolumeSource()).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [
              {
                path: 'namespace',
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
              },
            ],
          },
        },
      ],
    });
  });

  it('leaves a container that already mounts something at the token path alone', async () => {
    const own = { name: 'mine', mountPath: serviceAccountMountPath };
    const spec = await admitSpec({
      volumes: [{ name: 'mine', emptyDir: {} }],
      containers: [container('a', { volumeMounts: [own] }), container('b')],
    });
    expect(mountsOf(spec, 'containers')).toEqual([[own], [tokenMount]]);
    expect(spec['volumes']).toHaveLength(2);
  });

  it('adds no volume when every container mounts its own token path', async () => {
    const own = { name: 'mine', mountPath: serviceAccountMountPath };
    const spec = await admitSpec({
      volumes: [{ name: 'mine', emptyDir: {} }],
      containers: [container('a', { volumeMounts: [own] })],
    });
    expect(spec['volumes']).toEqual([{ name: 'mine', emptyDir: {} }]);
  });

  it('reuses a kube-api-access volume the pod already has', async () => {
    const volume = { name: 'kube-api-access-zzzzz', projected: tokenVolumeSource() };
    const spec = await admitSpec({ volumes: [volume], containers: [container('a')] });
    expect(spec['volumes']).toEqual([volume]);
    expect(mountsOf(spec, 'containers')).toEqual([
      [{ ...tokenMount, name: 'kube-api-access-zzzzz' }],
    ]);
  });

  it.each([
    ['the pod turns automounting off', { automountServiceAccountToken: false }, false],
    ['its ServiceAccount turns it off', { serviceAccountName: 'quiet' }, false],
    [
      'the pod turns it on over its ServiceAccount',
      { serviceAccountName: 'quiet', automountServiceAccountToken: true },
      true,
    ],
    ['a named ServiceAccount exists', { serviceAccountName: 'robot' }, true],
  ])('mounts the token only when it should: %s', async (_, fields, mounted) => {
    const spec = await admitSpec({ ...fields, containers: [container('a')] });
    expect(spec['volumes'] !== undefined).toBe(mounted);
  });

  it("refuses a pod whose ServiceAccount does not exist, in kube-apiserver's words", async () => {
    const refusal = admission.mutate(
      attributes(pod({ serviceAccountName: 'ghost', containers: [container('a')] })),
    );
    await expect(refusal).rejects.toBeInstanceOf(StatusError);
    await expect(refusal).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "p" is forbidden: error looking up service account ns/ghost: serviceaccount "ghost" not found',
    });
  });

  it('accepts the default ServiceAccount while the controller has not created it yet', async () => {
    const spec = await admitSpec({ containers: [container('a')] }, 'fresh');
    expect(spec['serviceAccountName']).toBe('default');
    expect(mountsOf(spec, 'containers')).toEqual([[tokenMount]]);
  });

  it('re-checks the account after mutating webhooks changed it', async () => {
    const changed = pod({ serviceAccountName: 'ghost', containers: [container('a')] });
    await expect(admission.validate(attributes(changed))).rejects.toMatchObject({ code: 403 });
  });

  it.each([
    ['an update', { operation: 'UPDATE' as const }],
    ['a status write', { subresource: 'status' }],
    ['another kind', { def: definition('ConfigMap') }],
  ])('leaves %s alone', async (_, overrides) => {
    const input = pod({ containers: [container('a')] });
    const { object } = await admission.mutate(attributes(input, overrides));
    expect(object).toEqual(input);
  });

  it('leaves mirror pods alone', async () => {
    const input = pod(
      { serviceAccountName: 'ghost', containers: [container('a')] },
      { 'kubernetes.io/config.mirror': 'x' },
    );
    const { object } = await admission.mutate(attributes(input));
    expect(object).toEqual(input);
  });
});

describe('chainAdmission', () => {
  const stamp = (label: string): Admission => ({
    mutate: (a) => {
      const object = structuredClone(a.object) as KubeObject;
      object.metadata['labels'] = { ...(object.metadata['labels'] as JsonObject), [label]: 'y' };
      return Promise.resolve({ object, warnings: [`${label} mutated`] });
    },
    validate: () => Promise.resolve({ warnings: [`${label} validated`] }),
  });

  it('passes each mutation to the next stage and gathers every warning', async () => {
    const chain = chainAdmission(stamp('first'), stamp('second'));
    const mutated = await chain.mutate(attributes(pod({})));
    expect(mutated.object?.metadata['labels']).toEqual({ first: 'y', second: 'y' });
    expect(mutated.warnings).toEqual(['first mutated', 'second mutated']);
    const validated = await chain.validate(attributes(pod({})));
    expect(validated.warnings).toEqual(['first validated', 'second validated']);
  });

  it('stops at the first refusal', async () => {
    const chain = chainAdmission(admission, stamp('later'));
    const refusal = chain.mutate(attributes(pod({ serviceAccountName: 'ghost' })));
    await expect(refusal).rejects.toMatchObject({ code: 403 });
  });
});

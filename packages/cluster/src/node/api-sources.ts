import type { JsonObject } from '../apiserver/json.ts';
import { isApiError, type KubeClient } from './kube-client.ts';
import { readObject, readObjects, readString } from './read-json.ts';
import { VolumeError, type VolumeSources } from './volumes.ts';

async function getOrUndefined(client: KubeClient, path: string): Promise<JsonObject | undefined> {
  try {
    return await client.call('GET', path);
  } catch (error) {
    if (isApiError(error, 404)) return undefined;
    throw error;
  }
}

function claimHostPath(pv: JsonObject): string | undefined {
  const spec = readObject(pv['spec']);
  const path = readString(
    readObject(spec['hostPath'])['path'],
    readString(readObject(spec['local'])['path']),
  );
  return path === '' ? undefined : path;
}

async function claimPath(client: KubeClient, namespace: string, claim: string): Promise<string> {
  const pvc = await getOrUndefined(
    client,
    `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim}`,
  );
  if (pvc === undefined) throw new VolumeError(`persistentvolumeclaim "${claim}" not found`);
  const volumeName = readString(readObject(pvc['spec'])['volumeName']);
  if (volumeName === '' || readString(readObject(pvc['status'])['phase']) !== 'Bound') {
    throw new VolumeError(`persistentvolumeclaim "${claim}" is not bound`);
  }
  const pv = await getOrUndefined(client, `/api/v1/persistentvolumes/${volumeName}`);
  const path = pv === undefined ? undefined : claimHostPath(pv);
  if (path === undefined) {
    throw new VolumeError(
      `persistentvolume "${volumeName}" has no hostPath or local path this node can use`,
    );
  }
  return path;
}

async function serviceAccountToken(
  client: KubeClient,
  namespace: string,
  serviceAccount: string,
  request: { audience: string; expirationSeconds: number },
): Promise<string | undefined> {
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      ...(request.audience === '' ? {} : { audiences: [request.audience] }),
      expirationSeconds: request.expirationSeconds,
    },
  };
  try {
    const answer = await client.call(
      'POST',
      `/api/v1/namespaces/${namespace}/serviceaccounts/${serviceAccount}/token`,
      { body },
    );
    const token = readString(readObject(answer['status'])['token']);
    return token === '' ? undefined : token;
  } catch (error) {
    if ([404, 405, 501, 503].some((code) => isApiError(error, code))) return undefined;
    throw error;
  }
}

/** The objects pods refer to (ConfigMaps, Secrets, Services, PVCs, tokens), read through the API. */
export function apiSources(client: KubeClient): VolumeSources {
  return {
    configMap: (namespace, name) =>
      getOrUndefined(client, `/api/v1/namespaces/${namespace}/configmaps/${name}`),
    secret: (namespace, name) =>
      getOrUndefined(client, `/api/v1/namespaces/${namespace}/secrets/${name}`),
    services: async (namespace) =>
      readObjects((await client.call('GET', `/api/v1/namespaces/${namespace}/services`))['items']),
    claimPath: (namespace, claim) => claimPath(client, namespace, claim),
    serviceAccountToken: (namespace, serviceAccount, request) =>
      serviceAccountToken(client, namespace, serviceAccount, request),
  };
}

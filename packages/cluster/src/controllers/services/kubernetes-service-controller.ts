import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { StatusError } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { servicesRef } from './cluster-ip-controller.ts';
import { kubernetesEndpoints, kubernetesService } from './kubernetes-service.ts';
import { runInformerController } from '../run-informer-controller.ts';

/** `v1 endpoints`. */
export const endpointsRef: ResourceRef = { group: '', version: 'v1', resource: 'endpoints' };

const key = 'default/kubernetes';
const name = { namespace: 'default', name: 'kubernetes' };
const manager = 'kube-apiserver';

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function createIfAbsent(
  client: ClusterClient,
  ref: ResourceRef,
  obj: KubeObject,
): Promise<void> {
  try {
    await client.create(ref, 'default', obj, { fieldManager: manager });
  } catch (error) {
    if (error instanceof StatusError && error.code === 409) return;
    throw error;
  }
}

/** What to keep equal in one object: a part of it, and the merge patch that sets it. */
interface Kept {
  readonly ref: ResourceRef;
  readonly stored: KubeObject | undefined;
  readonly wanted: KubeObject;
  readonly part: (obj: KubeObject) => Json | undefined;
  readonly patch: (wanted: Json | undefined) => JsonObject;
}

/** Creates the object when absent, or patches the kept part when it differs from the wanted one. */
async function converge(client: ClusterClient, kept: Kept): Promise<void> {
  const { ref, stored, wanted } = kept;
  if (stored === undefined) return createIfAbsent(client, ref, wanted);
  if (same(kept.part(stored), kept.part(wanted))) return;
  const metadata = { resourceVersion: stored.metadata['resourceVersion'] ?? null };
  const body = { metadata, ...kept.patch(kept.part(wanted)) };
  await client.patch(ref, name, { type: 'merge', body }, { fieldManager: manager });
}

function servicePorts(service: KubeObject): Json | undefined {
  const spec = service['spec'];
  return isJsonObject(spec) ? spec['ports'] : undefined;
}

/**
 * Keeps the `default/kubernetes` Service (ClusterIP 127.96.0.1, port 443) and its Endpoints
 * (127.0.0.1:`apiServerPort`) in place, recreating them when deleted and correcting the port
 * when the API server listens on another one after a restart.
 */
export function kubernetesServiceController(options: {
  readonly apiServerPort: number;
}): ControllerFactory {
  return {
    name: 'kubernetes-service',
    start({ client, logger }) {
      const selection = { namespace: 'default', fieldSelector: 'metadata.name=kubernetes' };
      const services = client.informer(servicesRef, selection);
      const endpoints = client.informer(endpointsRef, selection);
      return runInformerController({
        name: 'kubernetes-service',
        logger,
        initialKeys: [key],
        sources: [
          { informer: services, keys: () => [key] },
          { informer: endpoints, keys: () => [key] },
        ],
        reconciler: {
          async reconcile() {
            const port = options.apiServerPort;
            await converge(client, {
              ref: servicesRef,
              stored: services.get(key),
              wanted: kubernetesService(port),
              part: servicePorts,
              patch: (ports) => ({ spec: { ports: ports ?? null } }),
            });
            await converge(client, {
              ref: endpointsRef,
              stored: endpoints.get(key),
              wanted: kubernetesEndpoints(port),
              part: (eps) => eps['subsets'],
              patch: (subsets) => ({ subsets: subsets ?? null }),
            });
          },
        },
      });
    },
  };
}

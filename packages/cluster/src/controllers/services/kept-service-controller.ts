import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { StatusError } from '../../apiserver/status-error.ts';
import type { ClusterClient, ResourceRef } from '../cluster-client.ts';
import type { ControllerFactory } from '../controller-host.ts';
import { runInformerController } from '../run-informer-controller.ts';
import { servicesRef } from './cluster-ip-controller.ts';

/** `v1 endpoints`. */
export const endpointsRef: ResourceRef = { group: '', version: 'v1', resource: 'endpoints' };

/** What {@link keptServiceController} keeps in place. */
export interface KeptServiceOptions {
  /** The controller's name (logs, metrics). */
  readonly name: string;
  /** The Service as the cluster wants it (namespace and name in its metadata). */
  readonly service: KubeObject;
  /** Its Endpoints, for a Service without a selector that points somewhere fixed. */
  readonly endpoints?: KubeObject | undefined;
  /** The field manager of the writes (default `kube-apiserver`). */
  readonly fieldManager?: string;
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function section(obj: JsonObject, key: string): JsonObject {
  const value = obj[key];
  return isJsonObject(value) ? value : {};
}

/** What to keep equal in one object: a part of it, and the merge patch that sets it. */
interface Kept {
  readonly ref: ResourceRef;
  readonly stored: KubeObject | undefined;
  readonly wanted: KubeObject;
  readonly part: (obj: KubeObject) => Json;
  readonly patch: (wanted: KubeObject) => JsonObject;
}

/** The labels of `obj` under the keys `wanted` has (so labels others add do not matter). */
function labelsLike(obj: KubeObject, wanted: KubeObject): JsonObject {
  const labels = section(obj.metadata, 'labels');
  return Object.fromEntries(
    Object.keys(section(wanted.metadata, 'labels')).map((k) => [k, labels[k] ?? null]),
  );
}

const servicePart =
  (wanted: KubeObject) =>
  (obj: KubeObject): Json => {
    const spec = section(obj, 'spec');
    return {
      labels: labelsLike(obj, wanted),
      clusterIP: spec['clusterIP'] ?? null,
      clusterIPs: spec['clusterIPs'] ?? null,
      ports: spec['ports'] ?? null,
    };
  };

function servicePatch(wanted: KubeObject): JsonObject {
  const spec = section(wanted, 'spec');
  return {
    metadata: { labels: section(wanted.metadata, 'labels') },
    spec: {
      clusterIP: spec['clusterIP'] ?? null,
      clusterIPs: spec['clusterIPs'] ?? null,
      ports: spec['ports'] ?? null,
    },
  };
}

/** Creates the object when absent, or patches the kept part when it differs from the wanted one. */
async function converge(client: ClusterClient, kept: Kept, fieldManager: string): Promise<void> {
  const { ref, stored, wanted } = kept;
  const namespace = metaString(wanted, 'namespace');
  if (stored === undefined) {
    try {
      await client.create(ref, namespace, wanted, { fieldManager });
    } catch (error) {
      if (error instanceof StatusError && error.code === 409) return;
      throw error;
    }
    return;
  }
  if (same(kept.part(stored), kept.part(wanted))) return;
  const patch = kept.patch(wanted);
  const body = {
    ...patch,
    metadata: {
      ...section(patch, 'metadata'),
      resourceVersion: stored.metadata['resourceVersion'] ?? null,
    },
  };
  const name = { namespace, name: metaString(wanted, 'name') };
  await client.patch(ref, name, { type: 'merge', body }, { fieldManager });
}

/**
 * Keeps a Service the cluster itself owns (`default/kubernetes`, `kube-system/kube-dns`), and
 * optionally its Endpoints, in place: creates them when absent (again after a delete) and
 * patches back the wanted labels, ClusterIP and ports of the Service, and the subsets of the
 * Endpoints, when they differ (another API server port after a restart, another ClusterIP range).
 */
export function keptServiceController(options: KeptServiceOptions): ControllerFactory {
  const { service, endpoints, name } = options;
  const namespace = metaString(service, 'namespace');
  const key = `${namespace}/${metaString(service, 'name')}`;
  const fieldManager = options.fieldManager ?? 'kube-apiserver';
  return {
    name,
    start({ client, logger }) {
      const selection = {
        namespace,
        fieldSelector: `metadata.name=${metaString(service, 'name')}`,
      };
      const services = client.informer(servicesRef, selection);
      const endpointsInformer =
        endpoints === undefined ? undefined : client.informer(endpointsRef, selection);
      return runInformerController({
        name,
        logger,
        initialKeys: [key],
        sources: [
          { informer: services, keys: () => [key] },
          ...(endpointsInformer === undefined
            ? []
            : [{ informer: endpointsInformer, keys: () => [key] }]),
        ],
        reconciler: {
          async reconcile() {
            const servicePartOf = servicePart(service);
            await converge(
              client,
              {
                ref: servicesRef,
                stored: services.get(key),
                wanted: service,
                part: servicePartOf,
                patch: servicePatch,
              },
              fieldManager,
            );
            if (endpoints === undefined || endpointsInformer === undefined) return;
            await converge(
              client,
              {
                ref: endpointsRef,
                stored: endpointsInformer.get(key),
                wanted: endpoints,
                part: (eps) => eps['subsets'] ?? null,
                patch: (wanted) => ({ subsets: wanted['subsets'] ?? null }),
              },
              fieldManager,
            );
          },
        },
      });
    },
  };
}

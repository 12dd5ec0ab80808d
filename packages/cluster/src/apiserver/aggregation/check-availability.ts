import { isJsonObject, type Json, type JsonObject } from '../json.ts';
import { objectKey } from '../registry/resource-definition.ts';
import type { Store } from '../storage/index.ts';
import type { ResolveService } from '../admission/index.ts';
import type { ApiService } from './api-service.ts';
import { backendTarget, hostPort, type ProxyClientCert } from './backend-target.ts';
import { fetchBackendJson } from './fetch-backend-json.ts';

/** The outcome of an availability check: the `Available` condition without its timestamp. */
export interface Availability {
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

const discoveryTimeoutMs = 5_000;

function unavailable(reason: string, message: string): Availability {
  return { status: 'False', reason, message };
}

function servicePortName(service: JsonObject, port: number): string | undefined {
  const spec = isJsonObject(service['spec']) ? service['spec'] : {};
  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  const found = ports.filter(isJsonObject).find((p) => p['port'] === port);
  if (found === undefined) return undefined;
  return typeof found['name'] === 'string' ? found['name'] : '';
}

function hasEndpointFor(endpoints: JsonObject, portName: string): boolean {
  const subsets: Json[] = Array.isArray(endpoints['subsets']) ? endpoints['subsets'] : [];
  return subsets.filter(isJsonObject).some((subset) => {
    const addresses = subset['addresses'];
    const ports = subset['ports'];
    if (!Array.isArray(addresses) || addresses.length === 0 || !Array.isArray(ports)) return false;
    return ports.filter(isJsonObject).some((p) => (p['name'] ?? '') === portName);
  });
}

/** The Service and Endpoints checks of upstream's AvailableConditionController. */
function checkService(store: Store, apiService: ApiService): Availability | undefined {
  const ref = apiService.service;
  if (ref === undefined) return undefined;
  const where = `service/${ref.name} in ${JSON.stringify(ref.namespace)}`;
  const service = store.get(objectKey({ group: '', plural: 'services' }, ref.namespace, ref.name));
  if (service === undefined) return unavailable('ServiceNotFound', `${where} is not present`);
  const spec = isJsonObject(service['spec']) ? service['spec'] : {};
  if ((spec['type'] ?? 'ClusterIP') !== 'ClusterIP') return undefined;
  const portName = servicePortName(service, ref.port);
  if (portName === undefined)
    return unavailable('ServicePortError', `${where} is not listening on port ${ref.port}`);
  const endpoints = store.get(
    objectKey({ group: '', plural: 'endpoints' }, ref.namespace, ref.name),
  );
  if (endpoints === undefined)
    return unavailable('EndpointsNotFound', `cannot find endpoints for ${where}`);
  if (!hasEndpointFor(endpoints, portName)) {
    return unavailable(
      'MissingEndpoints',
      `endpoints for ${where} have no addresses with port name ${JSON.stringify(portName)}`,
    );
  }
  return undefined;
}

/** The discovery probe: GET /apis/<group>/<version> (TLS not verified, as upstream's probe). */
async function checkDiscovery(options: {
  apiService: ApiService;
  resolveService: ResolveService;
  clientCert: ProxyClientCert;
}): Promise<Availability | undefined> {
  const { apiService } = options;
  const path = `/apis/${apiService.group}/${apiService.version}`;
  let target;
  try {
    target = await backendTarget({ ...options, verify: false });
  } catch (error) {
    // As upstream: a Service that cannot be resolved is reported with the resolver's error.
    return unavailable(
      'FailedDiscoveryCheck',
      error instanceof Error ? error.message : String(error),
    );
  }
  const url = `https://${hostPort(target.host, target.port)}${path}`;
  try {
    const answer = await fetchBackendJson({ target, path, timeoutMs: discoveryTimeoutMs }).catch(
      (error: unknown) => {
        throw new Error(`Get ${JSON.stringify(url)}: ${(error as Error).message}`);
      },
    );
    if (answer.status >= 200 && answer.status < 400) return undefined;
    throw new Error(`bad status from ${answer.url}: ${answer.status}`);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return unavailable(
      'FailedDiscoveryCheck',
      `failing or missing response from ${url}: ${detail}`,
    );
  }
}

/**
 * Checks an APIService as upstream's AvailableConditionController does: local ones are always
 * available (reason Local); a remote one needs its Service (ServiceNotFound, ServicePortError),
 * endpoints with the port (EndpointsNotFound, MissingEndpoints) and a discovery answer
 * (FailedDiscoveryCheck), else True with reason Passed.
 */
export async function checkAvailability(options: {
  store: Store;
  apiService: ApiService;
  resolveService: ResolveService;
  clientCert: ProxyClientCert;
}): Promise<Availability> {
  const { store, apiService } = options;
  if (apiService.service === undefined)
    return { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
  const serviceProblem = checkService(store, apiService);
  if (serviceProblem !== undefined) return serviceProblem;
  const discoveryProblem = await checkDiscovery(options);
  return discoveryProblem ?? { status: 'True', reason: 'Passed', message: 'all checks passed' };
}

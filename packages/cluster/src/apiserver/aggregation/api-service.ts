import { isJsonObject, type Json, type JsonObject, type KubeObject } from '../json.ts';

/** The parts of an apiregistration.k8s.io/v1 APIService the aggregator uses. */
export interface ApiService {
  /** `<version>.<group>`. */
  readonly name: string;
  readonly group: string;
  readonly version: string;
  /** The backing Service; absent for local APIServices (served by this API server). */
  readonly service?: { readonly namespace: string; readonly name: string; readonly port: number };
  /** PEM, decoded from `spec.caBundle`. */
  readonly caBundle?: string;
  readonly insecureSkipTLSVerify: boolean;
  readonly groupPriorityMinimum: number;
  readonly versionPriority: number;
  /** Whether `status.conditions[type=Available]` is True. */
  readonly available: boolean;
  /** The stored object. */
  readonly object: KubeObject;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function numberOr(value: Json | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** The `Available` condition of an APIService object, if it has one. */
export function availableCondition(object: JsonObject): JsonObject | undefined {
  const status = object['status'];
  const conditions = isJsonObject(status) ? status['conditions'] : undefined;
  if (!Array.isArray(conditions)) return undefined;
  return conditions.filter(isJsonObject).find((c) => c['type'] === 'Available');
}

function readService(spec: JsonObject): ApiService['service'] {
  const service = spec['service'];
  if (!isJsonObject(service)) return undefined;
  return {
    namespace: text(service['namespace']),
    name: text(service['name']),
    port: numberOr(service['port'], 443),
  };
}

/** Reads an APIService object (v1 defaults: service port 443). */
export function readApiService(object: KubeObject): ApiService {
  const spec = isJsonObject(object['spec']) ? object['spec'] : {};
  const service = readService(spec);
  const caBundle = text(spec['caBundle']);
  return {
    name: text(object.metadata['name']),
    group: text(spec['group']),
    version: text(spec['version']),
    ...(service === undefined ? {} : { service }),
    ...(caBundle === '' ? {} : { caBundle: Buffer.from(caBundle, 'base64').toString('utf8') }),
    insecureSkipTLSVerify: spec['insecureSkipTLSVerify'] === true,
    groupPriorityMinimum: numberOr(spec['groupPriorityMinimum'], 0),
    versionPriority: numberOr(spec['versionPriority'], 0),
    available: availableCondition(object)?.['status'] === 'True',
    object,
  };
}

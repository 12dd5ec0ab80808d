import type { JsonObject } from '../apiserver/json.ts';
import { fieldRefValue, resourceFieldValue, type DownwardContext } from './downward-api.ts';
import { readBoolean, readNumber, readObject, readObjects, readString } from './read-json.ts';

/** A container cannot be configured (CreateContainerConfigError): a missing ConfigMap, Secret or key. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

/** Reads the objects a container's environment refers to; `undefined` when one does not exist. */
export interface EnvSources {
  configMap(namespace: string, name: string): Promise<JsonObject | undefined>;
  secret(namespace: string, name: string): Promise<JsonObject | undefined>;
  services(namespace: string): Promise<JsonObject[]>;
}

/** Everything {@link buildContainerEnv} needs. */
export interface ContainerEnvInput {
  readonly downward: DownwardContext;
  readonly container: JsonObject;
  readonly sources: EnvSources;
  /** Where `KUBERNETES_SERVICE_HOST/PORT` point: the API server. */
  readonly apiServer: { readonly host: string; readonly port: string };
  /** The image's own environment (PATH…), overridden by everything else. */
  readonly imageEnv: Readonly<Record<string, string>>;
}

const envName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Expands `$(VAR)` references to defined variables (`$$` escapes), as the kubelet does. */
export function expandVars(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\$|\$\(([-._a-zA-Z0-9]+)\)/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    return env[name] ?? whole;
  });
}

function decodeData(obj: JsonObject, kind: 'ConfigMap' | 'Secret'): Record<string, string> {
  const out: Record<string, string> = {};
  const data = readObject(obj['data']);
  for (const [key, value] of Object.entries(data)) {
    const text = readString(value);
    out[key] = kind === 'Secret' ? Buffer.from(text, 'base64').toString('utf8') : text;
  }
  if (kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(readObject(obj['binaryData'])))
      out[key] = Buffer.from(readString(value), 'base64').toString('utf8');
  }
  if (kind === 'Secret') {
    for (const [key, value] of Object.entries(readObject(obj['stringData'])))
      out[key] = readString(value);
  }
  return out;
}

/** Reads the data of a ConfigMap or Secret, or undefined when it is optional and missing. */
export async function referencedData(
  sources: EnvSources,
  ref: { kind: 'ConfigMap' | 'Secret'; namespace: string; name: string; optional: boolean },
): Promise<Record<string, string> | undefined> {
  const obj =
    ref.kind === 'ConfigMap'
      ? await sources.configMap(ref.namespace, ref.name)
      : await sources.secret(ref.namespace, ref.name);
  if (obj !== undefined) return decodeData(obj, ref.kind);
  if (ref.optional) return undefined;
  throw new ContainerConfigError(`${ref.kind.toLowerCase()} "${ref.name}" not found`);
}

function serviceEnv(service: JsonObject): Record<string, string> {
  const name = readString(readObject(service['metadata'])['name']).toUpperCase().replace(/-/g, '_');
  const spec = readObject(service['spec']);
  const ip = readString(spec['clusterIP']);
  const ports = readObjects(spec['ports']);
  const first = ports[0];
  if (ip === '' || ip === 'None' || first === undefined) return {};
  const env: Record<string, string> = {
    [`${name}_SERVICE_HOST`]: ip,
    [`${name}_SERVICE_PORT`]: String(readNumber(first['port'], 0)),
    [`${name}_PORT`]: `${readString(first['protocol'], 'TCP').toLowerCase()}://${ip}:${readNumber(first['port'], 0)}`,
  };
  for (const port of ports) {
    const number = readNumber(port['port'], 0);
    const protocol = readString(port['protocol'], 'TCP');
    const portName = readString(port['name']).toUpperCase().replace(/-/g, '_');
    if (portName !== '') env[`${name}_SERVICE_PORT_${portName}`] = String(number);
    const prefix = `${name}_PORT_${number}_${protocol}`;
    env[prefix] = `${protocol.toLowerCase()}://${ip}:${number}`;
    env[`${prefix}_PROTO`] = protocol.toLowerCase();
    env[`${prefix}_PORT`] = String(number);
    env[`${prefix}_ADDR`] = ip;
  }
  return env;
}

async function serviceLinks(input: ContainerEnvInput): Promise<Record<string, string>> {
  const { host, port } = input.apiServer;
  const env: Record<string, string> = {};
  const spec = readObject(input.downward.pod['spec']);
  if (readBoolean(spec['enableServiceLinks'], true)) {
    const namespace = readString(readObject(input.downward.pod['metadata'])['namespace']);
    for (const service of await input.sources.services(namespace))
      Object.assign(env, serviceEnv(service));
  }
  return {
    ...env,
    KUBERNETES_SERVICE_HOST: host,
    KUBERNETES_SERVICE_PORT: port,
    KUBERNETES_SERVICE_PORT_HTTPS: port,
    KUBERNETES_PORT: `tcp://${host}:${port}`,
    [`KUBERNETES_PORT_${port}_TCP`]: `tcp://${host}:${port}`,
    [`KUBERNETES_PORT_${port}_TCP_PROTO`]: 'tcp',
    [`KUBERNETES_PORT_${port}_TCP_PORT`]: port,
    [`KUBERNETES_PORT_${port}_TCP_ADDR`]: host,
  };
}

async function envFromValues(
  input: ContainerEnvInput,
  namespace: string,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const source of readObjects(input.container['envFrom'])) {
    const prefix = readString(source['prefix']);
    const cm = readObject(source['configMapRef']);
    const secret = readObject(source['secretRef']);
    const isConfigMap = source['configMapRef'] !== undefined;
    const ref = isConfigMap ? cm : secret;
    const data = await referencedData(input.sources, {
      kind: isConfigMap ? 'ConfigMap' : 'Secret',
      namespace,
      name: readString(ref['name']),
      optional: readBoolean(ref['optional'], false),
    });
    for (const [key, value] of Object.entries(data ?? {})) {
      if (envName.test(prefix + key)) env[prefix + key] = value;
    }
  }
  return env;
}

async function keyRefValue(
  input: ContainerEnvInput,
  namespace: string,
  ref: { kind: 'ConfigMap' | 'Secret'; selector: JsonObject },
): Promise<string | undefined> {
  const name = readString(ref.selector['name']);
  const key = readString(ref.selector['key']);
  const optional = readBoolean(ref.selector['optional'], false);
  const data = await referencedData(input.sources, { kind: ref.kind, namespace, name, optional });
  if (data === undefined) return undefined;
  const value = data[key];
  if (value === undefined && !optional) {
    throw new ContainerConfigError(`couldn't find key ${key} in ${ref.kind} ${namespace}/${name}`);
  }
  return value;
}

async function envVarValue(
  input: ContainerEnvInput,
  envVar: JsonObject,
  env: Record<string, string>,
): Promise<string | undefined> {
  if (envVar['valueFrom'] === undefined) return expandVars(readString(envVar['value']), env);
  const from = readObject(envVar['valueFrom']);
  const namespace = readString(readObject(input.downward.pod['metadata'])['namespace']);
  if (from['fieldRef'] !== undefined)
    return fieldRefValue(input.downward, readString(readObject(from['fieldRef'])['fieldPath']));
  if (from['resourceFieldRef'] !== undefined)
    return resourceFieldValue(
      input.downward,
      input.container,
      readObject(from['resourceFieldRef']),
    );
  if (from['configMapKeyRef'] !== undefined)
    return keyRefValue(input, namespace, {
      kind: 'ConfigMap',
      selector: readObject(from['configMapKeyRef']),
    });
  if (from['secretKeyRef'] !== undefined)
    return keyRefValue(input, namespace, {
      kind: 'Secret',
      selector: readObject(from['secretKeyRef']),
    });
  return undefined;
}

/**
 * The environment of a container's process, as the kubelet builds it: the image's env, service
 * links (and `KUBERNETES_SERVICE_*` pointing at the API server), `HOSTNAME`, `envFrom`, then `env`
 * (values with `$(VAR)` expansion, the downward API, ConfigMap and Secret keys). Throws
 * {@link ContainerConfigError} for a missing non-optional reference.
 */
export async function buildContainerEnv(input: ContainerEnvInput): Promise<Record<string, string>> {
  const meta = readObject(input.downward.pod['metadata']);
  const spec = readObject(input.downward.pod['spec']);
  const namespace = readString(meta['namespace']);
  const env: Record<string, string> = {
    ...input.imageEnv,
    ...(await serviceLinks(input)),
    HOSTNAME: readString(spec['hostname'], readString(meta['name'])),
    ...(await envFromValues(input, namespace)),
  };
  for (const envVar of readObjects(input.container['env'])) {
    const name = readString(envVar['name']);
    const value = await envVarValue(input, envVar, env);
    if (name !== '' && value !== undefined) env[name] = value;
  }
  return env;
}

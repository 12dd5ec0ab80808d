import { isIP } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  createCertificateAuthority,
  isAlreadyExists,
  isConflict,
  isNotFound,
  requestJson,
  resourcePath,
  type Logger,
  type ResourceType,
} from '@podvisor/kube';

/** The serving key pair of virt-api and the CA that signed it (PEM). */
export interface ServingCertificates {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

/** What {@link ensureServingCertificates} needs. */
export interface EnsureServingCertificatesOptions {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly namespace: string;
  /** The Service in front of virt-api (`virt-api`): the certificate names it. */
  readonly serviceName: string;
  /** The Secret that keeps the CA and the serving certificate (`virt-api-certs`). */
  readonly secretName: string;
  readonly webhookConfigurations: { readonly mutating: string; readonly validating: string };
  /** The APIService whose `spec.caBundle` gets the CA (`v1.subresources.kubevirt.io`). */
  readonly apiService: string;
  /** More DNS names or IP addresses for the certificate (e.g. `127.0.0.1` for tests). */
  readonly extraNames?: readonly string[];
}

type JsonObject = Record<string, unknown>;

const secrets: ResourceType = { apiVersion: 'v1', plural: 'secrets', namespaced: true };
const mutatingConfigurations: ResourceType = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  plural: 'mutatingwebhookconfigurations',
  namespaced: false,
};
const validatingConfigurations: ResourceType = {
  ...mutatingConfigurations,
  plural: 'validatingwebhookconfigurations',
};
const apiServices: ResourceType = {
  apiVersion: 'apiregistration.k8s.io/v1',
  plural: 'apiservices',
  namespaced: false,
};

const secretKeys = { cert: 'tls.crt', key: 'tls.key', ca: 'ca.crt', caKey: 'ca.key' } as const;
const maxAttempts = 5;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function getObject(
  kubeConfig: KubeConfig,
  type: ResourceType,
  at: { namespace?: string; name: string },
): Promise<JsonObject | undefined> {
  try {
    const body = await requestJson(kubeConfig, { method: 'GET', path: resourcePath(type, at) });
    return isJsonObject(body) ? body : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** The certificates kept in a Secret, or `undefined` when a key is missing. */
function certificatesOf(secret: JsonObject): ServingCertificates | undefined {
  const data = isJsonObject(secret['data']) ? secret['data'] : {};
  const read = (key: string): string | undefined => {
    const value = data[key];
    return typeof value === 'string' && value !== ''
      ? Buffer.from(value, 'base64').toString('utf8')
      : undefined;
  };
  const [cert, key, ca] = [read(secretKeys.cert), read(secretKeys.key), read(secretKeys.ca)];
  return cert === undefined || key === undefined || ca === undefined
    ? undefined
    : { cert, key, ca };
}

/** The names of the Service a serving certificate must carry, plus any extra ones. */
export function servingNames(options: {
  readonly serviceName: string;
  readonly namespace: string;
  readonly extraNames?: readonly string[];
}): { dnsNames: string[]; ipAddresses: string[] } {
  const { serviceName: s, namespace: ns } = options;
  const extra = options.extraNames ?? [];
  return {
    dnsNames: [
      s,
      `${s}.${ns}`,
      `${s}.${ns}.svc`,
      `${s}.${ns}.svc.cluster.local`,
      ...extra.filter((name) => isIP(name) === 0),
    ],
    ipAddresses: extra.filter((name) => isIP(name) !== 0),
  };
}

async function newSecret(options: EnsureServingCertificatesOptions): Promise<JsonObject> {
  const ca = await createCertificateAuthority(`${options.serviceName}.${options.namespace}-ca`);
  const leaf = await ca.issue({
    commonName: `${options.serviceName}.${options.namespace}.svc`,
    usage: 'server',
    validityDays: 365,
    ...servingNames(options),
  });
  const encode = (text: string): string => Buffer.from(text).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: options.secretName, namespace: options.namespace },
    type: 'kubernetes.io/tls',
    data: {
      [secretKeys.cert]: encode(leaf.cert),
      [secretKeys.key]: encode(leaf.key),
      [secretKeys.ca]: encode(ca.cert),
      [secretKeys.caKey]: encode(ca.key),
    },
  };
}

/** Writes a fresh Secret (create, or replace an incomplete one); `false` when another writer won. */
async function writeSecret(
  options: EnsureServingCertificatesOptions,
  existing: JsonObject | undefined,
): Promise<boolean> {
  const fresh = await newSecret(options);
  const { kubeConfig, namespace, secretName: name } = options;
  try {
    if (existing === undefined) {
      await requestJson(kubeConfig, {
        method: 'POST',
        path: resourcePath(secrets, { namespace }),
        body: fresh,
      });
    } else {
      const metadata = isJsonObject(existing['metadata']) ? existing['metadata'] : {};
      const body = { ...fresh, metadata: { ...metadata, name, namespace } };
      await requestJson(kubeConfig, {
        method: 'PUT',
        path: resourcePath(secrets, { namespace, name }),
        body,
      });
    }
    options.logger.info(
      { secret: `${namespace}/${name}` },
      'created virt-api serving certificates',
    );
    return true;
  } catch (error) {
    if (isAlreadyExists(error) || isConflict(error)) return false;
    throw error;
  }
}

async function loadOrCreateSecret(
  options: EnsureServingCertificatesOptions,
): Promise<ServingCertificates> {
  const at = { namespace: options.namespace, name: options.secretName };
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const existing = await getObject(options.kubeConfig, secrets, at);
    const stored = existing === undefined ? undefined : certificatesOf(existing);
    if (stored !== undefined) return stored;
    if (existing !== undefined) {
      options.logger.warn(
        { secret: `${at.namespace}/${at.name}` },
        'the certificate Secret is incomplete; replacing it',
      );
    }
    // Written or lost to a concurrent replica: either way the next read has the winner's.
    await writeSecret(options, existing);
  }
  throw new Error(
    `could not create or read Secret ${at.namespace}/${at.name} after ${maxAttempts} attempts`,
  );
}

/** Sets `caBundle` on every webhook's clientConfig; `true` when something changed. */
function withWebhookCaBundles(configuration: JsonObject, caBundle: string): boolean {
  const webhooks = Array.isArray(configuration['webhooks']) ? configuration['webhooks'] : [];
  let changed = false;
  for (const webhook of webhooks.filter(isJsonObject)) {
    const clientConfig = isJsonObject(webhook['clientConfig']) ? webhook['clientConfig'] : {};
    if (clientConfig['caBundle'] === caBundle) continue;
    webhook['clientConfig'] = { ...clientConfig, caBundle };
    changed = true;
  }
  return changed;
}

/** Sets the APIService's `spec.caBundle`; `true` when it changed. */
function withApiServiceCaBundle(apiService: JsonObject, caBundle: string): boolean {
  const spec = isJsonObject(apiService['spec']) ? apiService['spec'] : {};
  if (spec['caBundle'] === caBundle) return false;
  apiService['spec'] = { ...spec, caBundle };
  return true;
}

/** Reads an object, sets its CA bundle and replaces it (guarded by resourceVersion), retrying conflicts. */
async function injectCaBundle(
  options: EnsureServingCertificatesOptions,
  target: {
    type: ResourceType;
    name: string;
    inject: (object: JsonObject, caBundle: string) => boolean;
  },
  caBundle: string,
): Promise<void> {
  const { kubeConfig, logger } = options;
  const what = `${target.type.plural}/${target.name}`;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const object = await getObject(kubeConfig, target.type, { name: target.name });
    if (object === undefined) {
      logger.warn({ object: what }, 'not found: its CA bundle is left for the next start');
      return;
    }
    if (!target.inject(object, caBundle)) return;
    try {
      const path = resourcePath(target.type, { name: target.name });
      await requestJson(kubeConfig, { method: 'PUT', path, body: object });
      logger.info({ object: what }, 'CA bundle injected');
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
  throw new Error(
    `could not update the CA bundle of ${what}: conflicts on ${maxAttempts} attempts`,
  );
}

/**
 * Makes sure virt-api has its serving certificate: reads the Secret, or creates it (a CA and a
 * leaf for `<service>`, `<service>.<ns>`, `<service>.<ns>.svc`, `<service>.<ns>.svc.cluster.local`;
 * a concurrent replica's 409 makes it read theirs), then writes the CA into the `caBundle` of
 * every webhook of both configurations and into the APIService's `spec.caBundle` (a missing
 * object is logged and skipped; conflicts are retried). Certificates are not rotated.
 */
export async function ensureServingCertificates(
  options: EnsureServingCertificatesOptions,
): Promise<ServingCertificates> {
  const certificates = await loadOrCreateSecret(options);
  const caBundle = Buffer.from(certificates.ca).toString('base64');
  const targets = [
    {
      type: mutatingConfigurations,
      name: options.webhookConfigurations.mutating,
      inject: withWebhookCaBundles,
    },
    {
      type: validatingConfigurations,
      name: options.webhookConfigurations.validating,
      inject: withWebhookCaBundles,
    },
    { type: apiServices, name: options.apiService, inject: withApiServiceCaBundle },
  ];
  for (const target of targets) await injectCaBundle(options, target, caBundle);
  return certificates;
}

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isIPv6 } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** The environment variables {@link loadKubeConfig} reads (the process's parsed environment). */
export interface KubeConfigEnv {
  readonly KUBERNETES_SERVICE_HOST?: string | undefined;
  readonly KUBERNETES_SERVICE_PORT?: string | undefined;
  readonly PODVISOR_CONTAINER_ROOT?: string | undefined;
  readonly KUBECONFIG?: string | undefined;
  readonly HOME?: string | undefined;
}

/** Where a pod finds its service-account credentials (under `$PODVISOR_CONTAINER_ROOT` when set). */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

function inClusterConfig(env: KubeConfigEnv, host: string): KubeConfig {
  const root = env.PODVISOR_CONTAINER_ROOT ?? '';
  const dir = join(root, serviceAccountDir);
  const caFile = join(dir, 'ca.crt');
  const tokenFile = join(dir, 'token');
  for (const file of [caFile, tokenFile]) {
    if (!existsSync(file)) {
      throw new Error(
        `in-cluster configuration: ${file} does not exist (KUBERNETES_SERVICE_HOST is set, so the service-account token and CA are expected there)`,
      );
    }
  }
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile)
    ? readFileSync(namespaceFile, 'utf8').trim()
    : undefined;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'inCluster', server, caFile, skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      {
        name: 'inClusterContext',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(namespace === undefined || namespace === '' ? {} : { namespace }),
      },
    ],
    currentContext: 'inClusterContext',
  });
  return kubeConfig;
}

function fileConfig(env: KubeConfigEnv): KubeConfig {
  const files = (env.KUBECONFIG ?? '').split(delimiter).filter((file) => file !== '');
  if (files.length === 0) files.push(join(env.HOME ?? homedir(), '.kube', 'config'));
  const kubeConfig = new KubeConfig();
  files.forEach((file, index) => {
    if (!existsSync(file)) {
      throw new Error(
        `kubeconfig ${file} does not exist (set KUBECONFIG, or run inside a pod with KUBERNETES_SERVICE_HOST)`,
      );
    }
    if (index === 0) {
      kubeConfig.loadFromFile(file);
      return;
    }
    const more = new KubeConfig();
    more.loadFromFile(file);
    kubeConfig.mergeConfig(more, true);
  });
  return kubeConfig;
}

/**
 * The API server access of a Podvisor component. In a pod (`KUBERNETES_SERVICE_HOST` set) it
 * uses the service-account token and `ca.crt` from `/var/run/secrets/kubernetes.io/serviceaccount/`,
 * prefixed with `$PODVISOR_CONTAINER_ROOT` when set (the embedded cluster's pods are host
 * processes whose volumes live under that root); the token file is re-read as it rotates.
 * Otherwise it loads `$KUBECONFIG` (a list of files, the first one's context wins) or
 * `~/.kube/config`. Throws an Error naming the missing file.
 */
export function loadKubeConfig(env: KubeConfigEnv): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  if (host !== undefined && host !== '') return inClusterConfig(env, host);
  return fileConfig(env);
}

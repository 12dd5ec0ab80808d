import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '@podvisor/kube';

/** The API server access a command uses. */
export interface KubeAccess {
  /** The kubeconfig with the selected context as its current context. */
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  /** Whether `-n`/`--namespace` named the namespace (as opposed to the context's default). */
  readonly namespaceExplicit: boolean;
}

/** The flags and environment variables that select the access, as kubectl reads them. */
export interface KubeAccessSources {
  readonly kubeconfig?: string | undefined;
  readonly context?: string | undefined;
  readonly namespace?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function loadConfig(sources: KubeAccessSources): KubeConfig {
  const { env } = sources;
  if (sources.kubeconfig !== undefined) {
    return loadKubeConfig({ KUBECONFIG: sources.kubeconfig, HOME: env['HOME'] });
  }
  const defaultFile = join(env['HOME'] ?? homedir(), '.kube', 'config');
  const hasFile = (env['KUBECONFIG'] ?? '') !== '' || existsSync(defaultFile);
  // As kubectl: a kubeconfig wins; the in-cluster service account is the fallback.
  return loadKubeConfig({
    KUBECONFIG: env['KUBECONFIG'],
    HOME: env['HOME'],
    ...(hasFile
      ? {}
      : {
          KUBERNETES_SERVICE_HOST: env['KUBERNETES_SERVICE_HOST'],
          KUBERNETES_SERVICE_PORT: env['KUBERNETES_SERVICE_PORT'],
        }),
  });
}

/**
 * Loads the kubeconfig as kubectl does (`--kubeconfig`, else `$KUBECONFIG`, else
 * `~/.kube/config`, else the in-cluster service account), switches to `--context` when given,
 * and picks the namespace (`-n`, else the context's, else `default`). Throws an Error naming
 * the missing file or context.
 */
export function resolveKubeAccess(sources: KubeAccessSources): KubeAccess {
  const kubeConfig = loadConfig(sources);
  if (sources.context !== undefined) {
    if (kubeConfig.getContextObject(sources.context) === null) {
      throw new Error(`context "${sources.context}" does not exist`);
    }
    kubeConfig.setCurrentContext(sources.context);
  }
  if (kubeConfig.getCurrentCluster() === null) {
    throw new Error(
      'the kubeconfig has no current context with a cluster (use --context, or set current-context)',
    );
  }
  const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  const flagNamespace = sources.namespace ?? '';
  const namespace = flagNamespace !== '' ? flagNamespace : contextNamespace;
  return {
    kubeConfig,
    namespace: namespace === undefined || namespace === '' ? 'default' : namespace,
    namespaceExplicit: flagNamespace !== '',
  };
}

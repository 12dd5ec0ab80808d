// Test support only (not exported): the embedded cluster of @podvisor/cluster/testing, plus the
// client-side pieces virt-api's tests need (a KubeConfig, a logger, a POST helper).
import type { KubeConfig } from '@kubernetes/client-node';
import { startTestCluster, type CommandResult } from '@podvisor/cluster/testing';
import { createLogger, loadKubeConfig, requestJson, type Logger } from '@podvisor/kube';
import { join } from 'node:path';

/** An embedded cluster in a temporary directory. */
export interface ClusterForTest {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  /** Runs kubectl against the cluster with a private HOME (no shared discovery cache). */
  kubectl(args: readonly string[], stdin?: string): Promise<CommandResult>;
  /** Creates an object with a POST to `path`. */
  create(path: string, object: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts an embedded cluster (no controllers) in a fresh temporary directory, in this process. */
export async function startClusterForTest(): Promise<ClusterForTest> {
  const cluster = await startTestCluster();
  const logger = createLogger({
    component: 'virt-api-test',
    level: 'silent',
    destination: join(cluster.dataDir, 'test.log'),
  });
  const kubeConfig = loadKubeConfig({ KUBECONFIG: cluster.kubeconfigPath });
  return {
    kubeConfig,
    logger,
    kubectl: (args, stdin = '') => cluster.kubectl(args, { stdin }),
    create: (path, object) => requestJson(kubeConfig, { method: 'POST', path, body: object }),
    close: () => cluster.close(),
  };
}

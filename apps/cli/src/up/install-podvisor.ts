import { join } from 'node:path';
import { kubectlOrThrow } from './kubectl.ts';

/** The repository's `deploy/` directory. */
export const deployDir = join(import.meta.dirname, '..', '..', '..', '..', 'deploy');

/**
 * Installs Podvisor the way deploy/README.md tells a user to, with kubectl and nothing private:
 * the CRDs first (so the KubeVirt CR of the overlay finds its kind), then
 * `kubectl apply -k overlays/local`; then waits for virt-api, virt-controller and virt-handler on
 * every node to be rolled out and Ready.
 */
export async function installPodvisor(options: {
  kubeconfig: string;
  progress: (line: string) => void;
  signal?: AbortSignal;
}): Promise<void> {
  const run = (args: readonly string[], timeoutMs?: number) =>
    kubectlOrThrow(args, {
      kubeconfig: options.kubeconfig,
      cwd: deployDir,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  options.progress('Installing Podvisor: kubectl apply -k deploy/overlays/local');
  await run(['apply', '-f', 'base/crds/']);
  await run(['apply', '-k', 'overlays/local']);
  for (const workload of [
    'deployment/virt-api',
    'deployment/virt-controller',
    'daemonset/virt-handler',
  ]) {
    options.progress(`Waiting for ${workload.split('/')[1] ?? workload}`);
    await run(['rollout', 'status', '-n', 'podvisor', workload, '--timeout=600s'], 620_000);
  }
}

/** Creates the demo namespace: a running tiny VM beside a pod (deploy/examples/demo.yaml). */
export async function applyDemo(kubeconfig: string): Promise<void> {
  await kubectlOrThrow(['apply', '-f', 'examples/demo.yaml'], { kubeconfig, cwd: deployDir });
}

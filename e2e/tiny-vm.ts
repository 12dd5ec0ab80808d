import type { Kubectl } from './podvisor-cli.ts';

/** A VM's run strategy, as KubeVirt names them. */
export type RunStrategy = 'Always' | 'Manual' | 'Halted' | 'RerunOnFailure' | 'Once';

/** A VirtualMachine (JSON, for `kubectl apply -f -`) booting the tiny guest with 128 MiB. */
export function tinyVm(
  name: string,
  namespace: string,
  runStrategy: RunStrategy = 'Always',
): string {
  return JSON.stringify({
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachine',
    metadata: { name, namespace },
    spec: {
      runStrategy,
      template: {
        spec: {
          terminationGracePeriodSeconds: 5,
          domain: {
            resources: { requests: { memory: '128Mi' } },
            devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] },
          },
          volumes: [{ name: 'rootdisk', containerDisk: { image: 'podvisor.local/tiny' } }],
        },
      },
    },
  });
}

/** The VM's `status.printableStatus` as kubectl reads it ('' when it has none or is gone). */
export async function vmPrintableStatus(
  kubectl: Kubectl,
  namespace: string,
  name: string,
): Promise<string> {
  const args = ['get', 'vm', name, '-n', namespace, '--ignore-not-found'];
  const result = await kubectl([...args, '-o', 'jsonpath={.status.printableStatus}']);
  return result.stdout.trim();
}

/** Runs kubectl and throws with its stderr unless it exits 0. */
export async function kubectlOrThrow(
  kubectl: Kubectl,
  args: readonly string[],
  stdin?: string,
): Promise<string> {
  const result = await kubectl(args, stdin);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
  }
  return result.stdout;
}

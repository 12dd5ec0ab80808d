import { join } from 'node:path';
import { podNetwork } from '@podvisor/cluster/network';
import { createLogger, field } from '@podvisor/kube';
import { defineCommand } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';
import { stopSignal } from './stop-signal.ts';

export const nodeCommand = defineCommand({
  name: 'node',
  summary: 'run a node agent of the embedded cluster (runs the pods bound to one node)',
  description:
    'Registers a Node with the cluster whose kubeconfig is DATA_DIR/kubeconfig, keeps its Lease\n' +
    'and conditions fresh, and runs the pods bound to it as local processes under\n' +
    'DATA_DIR/nodes/NAME/pods. Logs go to standard error. When it stops, the pods keep running\n' +
    '(a restarted agent adopts them) unless --stop-pods is given. `podvisor cluster --nodes N`\n' +
    'starts these for you.',
  spec: {
    ...sharedFlags,
    name: field.string({
      flag: 'name',
      env: 'PODVISOR_NODE_NAME',
      default: 'node-1',
      describe:
        'node name; node-N takes the pod addresses 10.244.N.0/24 (pod network) or 127.N.S.0/24 (loopback; S: from the data dir)',
    }),
    network: field.oneOf(['loopback', 'pod'] as const, {
      flag: 'network',
      env: 'PODVISOR_NODE_NETWORK',
      default: 'loopback',
      describe:
        "pod: give each pod its own netns on the cluster's bridge (run inside the cluster netns, as root)",
    }),
    stopPods: field.boolean({
      flag: 'stop-pods',
      env: 'PODVISOR_NODE_STOP_PODS',
      default: false,
      describe: "stop the node's pods when the agent exits",
    }),
  },
  run: async (config, io) => {
    // Loaded here so that the other commands do not pay for the node agent.
    const { startNodeAgent, startNodeStreaming } = await import('@podvisor/cluster');
    const logger = createLogger({ component: 'node', level: config.logLevel });
    const stopping = stopSignal();
    const agent = await startNodeAgent({
      dataDir: config.dataDir,
      nodeName: config.name,
      logger,
      streamingServer: startNodeStreaming,
      hostPath: io.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      ...(config.network === 'pod' ? { podNetwork: { dnsServer: podNetwork.dnsServer } } : {}),
    });
    io.stdout.write(
      `Podvisor node ${config.name} is running its pods under ${join(config.dataDir, 'nodes', config.name, 'pods')}\n`,
    );
    const signal = await stopping;
    logger.info({ signal, stopPods: config.stopPods }, 'stopping');
    await agent.close({ stopPods: config.stopPods });
    return 0;
  },
});

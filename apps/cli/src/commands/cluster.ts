import { join } from 'node:path';
import { startCluster } from '@podvisor/cluster';
import { createLogger, field } from '@podvisor/kube';
import { defineCommand, type CommandIo } from '../command.ts';
import {
  bindHostSocket,
  hostApiFdEnv,
  networkPlace,
  podNetworkOption,
  runInClusterNetns,
} from '../up/cluster-netns.ts';
import { startNodeProcesses } from './node-processes.ts';
import { networkFlag, sharedFlags } from './shared-flags.ts';
import { stopSignal } from './stop-signal.ts';

function announce(io: CommandIo, url: string, kubeconfig: string, logFile: string): void {
  io.stdout.write(
    [
      `Podvisor cluster API: ${url}`,
      `Logs: ${logFile}`,
      '',
      'To use it:',
      `  export KUBECONFIG=${kubeconfig}`,
      '  kubectl get namespaces',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

const spec = {
  ...sharedFlags,
  network: networkFlag,
  port: field.port({
    flag: 'port',
    env: 'PODVISOR_API_PORT',
    default: 0,
    describe: 'API server port (0: any free port)',
  }),
  nodes: field.integer({
    flag: 'nodes',
    env: 'PODVISOR_NODES',
    default: 1,
    min: 0,
    max: 16,
    describe: 'number of nodes',
  }),
  nodeMonitorGracePeriod: field.duration({
    flag: 'node-monitor-grace-period',
    env: 'PODVISOR_NODE_MONITOR_GRACE_PERIOD',
    default: 40_000,
    describe: 'how long a silent node stays Ready before it turns NotReady (Unknown)',
  }),
};

export const clusterCommand = defineCommand({
  name: 'cluster',
  summary: 'run only the embedded Kubernetes-compatible cluster',
  description:
    'Serves a Kubernetes-compatible API over HTTPS on 127.0.0.1, backed by SQLite in the data\n' +
    'directory, writes DATA_DIR/kubeconfig for kubectl and client libraries, and runs until\n' +
    'interrupted, with --nodes node agents (`podvisor node`) that run the pods bound to them.\n' +
    'As root the cluster runs in its own network namespace with a pod network (--network).',
  spec,
  run: async (config, io) => {
    const stopping = stopSignal();
    const place = networkPlace(config.network, io);
    if (place === 'outside') {
      // This process stays in the machine's network namespace, holding the API port there; the
      // cluster runs in its own namespace and serves that port through the inherited socket.
      const api = await bindHostSocket(config.port);
      return runInClusterNetns({
        dataDir: config.dataDir,
        args: [
          'cluster',
          ...['--data-dir', config.dataDir, '--log-level', config.logLevel],
          ...['--nodes', String(config.nodes), '--port', String(api.port), '--network', 'pod'],
          ...['--node-monitor-grace-period', `${String(config.nodeMonitorGracePeriod)}ms`],
        ],
        sockets: [{ env: hostApiFdEnv, socket: api }],
        stopping,
        say: (line) => io.stdout.write(`${line}\n`),
      });
    }
    const logFile = join(config.dataDir, 'logs', 'cluster.log');
    const logger = createLogger({
      component: 'cluster',
      level: config.logLevel,
      destination: logFile,
    });
    const cluster = await startCluster({
      dataDir: config.dataDir,
      port: config.port,
      logger,
      nodeMonitorGracePeriodMs: config.nodeMonitorGracePeriod,
      ...(place === 'inside' ? { podNetwork: podNetworkOption(io.env) } : {}),
    });
    const nodes = startNodeProcesses({
      count: config.nodes,
      dataDir: config.dataDir,
      logLevel: config.logLevel,
      logger,
      network: place === 'inside' ? 'pod' : 'loopback',
    });
    announce(io, cluster.url, cluster.kubeconfigPath, logFile);
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await nodes.stop();
    await cluster.close();
    return 0;
  },
});

import { join } from 'node:path';
import { startCluster } from '@podvisor/cluster';
import { createLogger, field } from '@podvisor/kube';
import { defineCommand, type CommandIo } from '../command.ts';
import { startNodeProcesses } from './node-processes.ts';
import { sharedFlags } from './shared-flags.ts';
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

export const clusterCommand = defineCommand({
  name: 'cluster',
  summary: 'run only the embedded Kubernetes-compatible cluster',
  description:
    'Serves a Kubernetes-compatible API over HTTPS on 127.0.0.1, backed by SQLite in the data\n' +
    'directory, writes DATA_DIR/kubeconfig for kubectl and client libraries, and runs until\n' +
    'interrupted, with --nodes node agents (`podvisor node`) that run the pods bound to them.',
  spec: {
    ...sharedFlags,
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
  },
  run: async (config, io) => {
    const logFile = join(config.dataDir, 'logs', 'cluster.log');
    const logger = createLogger({
      component: 'cluster',
      level: config.logLevel,
      destination: logFile,
    });
    // Listen for the stop signal before announcing: a signal right after the announcement must not
    // find the process without a handler (its default action would kill it without cleanup).
    const stopping = stopSignal();
    const cluster = await startCluster({
      dataDir: config.dataDir,
      port: config.port,
      logger,
      nodeMonitorGracePeriodMs: config.nodeMonitorGracePeriod,
    });
    const nodes = startNodeProcesses({
      count: config.nodes,
      dataDir: config.dataDir,
      logLevel: config.logLevel,
      logger,
    });
    announce(io, cluster.url, cluster.kubeconfigPath, logFile);
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    await nodes.stop();
    await cluster.close();
    return 0;
  },
});

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bffConfigSpec, serveBff, type ServedBff } from '@podvisor/bff';
import { startCluster, type ClusterOptions, type RunningCluster } from '@podvisor/cluster';
import {
  createLogger,
  field,
  loadConfig,
  type ConfigOf,
  type Field,
  type Logger,
} from '@podvisor/kube';
import { buildGuestImage } from '@podvisor/operator';
import { defineCommand, type CommandIo } from '../command.ts';
import {
  bindHostSocket,
  hostApiFdEnv,
  hostConsoleFdEnv,
  inheritedFd,
  networkPlace,
  podNetworkOption,
  runInClusterNetns,
  type HostSocket,
} from '../up/cluster-netns.ts';
import { applyDemo, deployDir, installPodvisor } from '../up/install-podvisor.ts';
import { portFree } from '../up/port-free.ts';
import { previousApiPort } from '../up/previous-api-port.ts';
import { claimDataDir } from '../up/up-lock.ts';
import { startNodeProcesses, type NodeProcesses } from './node-processes.ts';
import { networkFlag, sharedFlags } from './shared-flags.ts';
import { stopSignal } from './stop-signal.ts';

const binDir = join(deployDir, '..', 'node_modules', '.bin');

function announce(io: CommandIo, options: { dataDir: string; url: string; link: string }): void {
  const kubeconfig = join(options.dataDir, 'kubeconfig');
  io.stdout.write(
    [
      '',
      'Podvisor is up.',
      '',
      `  Console: ${options.url}`,
      `  Sign in: ${options.link}`,
      '',
      'In another shell:',
      `  export KUBECONFIG=${kubeconfig}`,
      `  export PATH=${binDir}:$PATH`,
      `  kubectl apply -f ${join(deployDir, 'examples', 'vm-tiny.yaml')}`,
      '  kubectl virt console tiny',
      '',
      `Logs: ${join(options.dataDir, 'logs')} (npx podvisor logs).`,
      `A new sign-in link: npx podvisor link --data-dir ${options.dataDir}`,
      'Press Ctrl-C to stop (or run npx podvisor down from another shell).',
      '',
    ].join('\n'),
  );
}

/** What runs, in start order; stopped in reverse. */
interface Running {
  cluster?: RunningCluster;
  nodes?: NodeProcesses;
  console?: ServedBff;
}

async function shutDown(running: Running, logger: Logger): Promise<void> {
  logger.info(
    'stopping: console, then the nodes (their pods: VMs shut down gracefully), then the API server',
  );
  await running.console?.close();
  await running.nodes?.stop(90_000);
  await running.cluster?.close();
}

/**
 * Starts the API server on the data dir's previous port (or the one asked for). When another
 * program took the previous port meanwhile, a new one is used: pods that outlived a killed `up`
 * then restart to learn it.
 */
async function startApiServer(options: {
  dataDir: string;
  apiPort: number | 'previous';
  logger: Logger;
  say: (line: string) => void;
  podNetwork: ClusterOptions['podNetwork'];
}): Promise<RunningCluster> {
  const { dataDir, logger } = options;
  const port = options.apiPort === 'previous' ? previousApiPort(dataDir) : options.apiPort;
  const network = options.podNetwork === undefined ? {} : { podNetwork: options.podNetwork };
  try {
    return await startCluster({ dataDir, port, logger, ...network });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (!inUse) throw error;
    if (options.apiPort !== 'previous' || port === 0)
      throw new Error(`the API server port ${String(port)} is in use: choose another --api-port`, {
        cause: error,
      });
    options.say(`The previous API port ${String(port)} is taken; using a new one.`);
    return startCluster({ dataDir, port: 0, logger, ...network });
  }
}

/** Binds the host's API port: the data dir's previous one when free, else (or for 0) any. */
async function bindApiPort(
  dataDir: string,
  apiPort: number | 'previous',
  say: (line: string) => void,
): Promise<HostSocket> {
  const port = apiPort === 'previous' ? previousApiPort(dataDir) : apiPort;
  try {
    return await bindHostSocket(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (apiPort !== 'previous' || port === 0)
      throw new Error(`the API server port ${String(port)} is in use: choose another --api-port`, {
        cause: error,
      });
    say(`The previous API port ${String(port)} is taken; using a new one.`);
    return bindHostSocket(0);
  }
}

/**
 * Pod-network mode's outer `up`: holds the data dir and the host's console and API ports, and
 * runs the real `up` inside the cluster's network namespace, serving those ports.
 */
async function upInClusterNetns(
  config: UpConfig,
  io: CommandIo,
  stopping: Promise<NodeJS.Signals>,
): Promise<number> {
  const say = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  const release = claimDataDir(config.dataDir);
  const sockets: HostSocket[] = [];
  try {
    const consoleSocket = await bindHostSocket(config.consolePort).catch((error: unknown) => {
      throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? consolePortInUse(config.consolePort)
        : error;
    });
    sockets.push(consoleSocket);
    // Here, not in the cluster netns: building may download packages, and that netns has no way out.
    await buildTinyImage(config.dataDir, say);
    const api = await bindApiPort(config.dataDir, config.apiPort, say);
    sockets.push(api);
    return await runInClusterNetns({
      dataDir: config.dataDir,
      args: [
        'up',
        ...['--data-dir', config.dataDir, '--log-level', config.logLevel, '--network', 'pod'],
        ...['--nodes', String(config.nodes), '--console-port', String(consoleSocket.port)],
        ...['--api-port', String(api.port), ...(config.demo ? ['--demo'] : [])],
      ],
      sockets: [
        { env: hostApiFdEnv, socket: api },
        { env: hostConsoleFdEnv, socket: consoleSocket },
      ],
      stopping,
      say,
    });
  } finally {
    for (const socket of sockets) socket.close();
    release();
  }
}

function consolePortInUse(port: number): Error {
  return new Error(
    `the console port 127.0.0.1:${String(port)} is in use: choose another --console-port (0 picks a free one)`,
  );
}

const upSpec = {
  ...sharedFlags,
  network: networkFlag,
  nodes: field.integer({
    flag: 'nodes',
    env: 'PODVISOR_NODES',
    default: 1,
    min: 1,
    max: 16,
    describe: 'number of nodes',
  }),
  consolePort: field.port({
    flag: 'console-port',
    env: 'PODVISOR_CONSOLE_PORT',
    default: 8080,
    describe: 'console port (0: any free port)',
  }),
  apiPort: {
    flag: 'api-port',
    env: 'PODVISOR_API_PORT',
    default: 'previous',
    describe: 'API server port: a number (0: any free port), or the data dir’s previous one',
    parse: (raw: string): number | 'previous' =>
      raw === 'previous' ? 'previous' : field.port({ describe: '' }).parse(raw),
  } satisfies Field<number | 'previous'>,
  demo: field.boolean({
    flag: 'demo',
    default: false,
    describe: 'also create namespace demo with a running VM and a pod',
  }),
};

type UpConfig = ConfigOf<typeof upSpec>;

/** Where `up` runs: in loopback mode, or inside the cluster netns its outer `up` created. */
interface UpPlace {
  readonly stopping: Promise<NodeJS.Signals>;
  /** Inside the cluster netns: the outer `up` holds the data dir and the host's ports. */
  readonly inside: boolean;
  readonly podNetwork: ClusterOptions['podNetwork'];
  readonly consoleFd: number | undefined;
}

async function buildTinyImage(dataDir: string, say: (line: string) => void): Promise<void> {
  say('Building the tiny guest image (cached after the first time)');
  await buildGuestImage({
    dataDir,
    name: 'tiny',
    progress: (line) => {
      say(`  ${line}`);
    },
  });
}

/** Serves the console against `kubeconfig`, on the inherited socket `consoleFd` when given. */
async function serveConsole(
  config: UpConfig,
  kubeconfig: string,
  consoleFd: number | undefined,
): Promise<ServedBff> {
  const consoleConfig = loadConfig(bffConfigSpec, {
    flags: {
      kubeconfig,
      'data-dir': config.dataDir,
      port: String(config.consolePort),
      auth: 'local',
      'static-dir': join(deployDir, '..', 'apps', 'console', 'dist'),
    },
    env: {},
  });
  const consoleLogger = createLogger({
    component: 'console',
    level: config.logLevel,
    destination: join(config.dataDir, 'logs', 'console.log'),
  });
  return serveBff(
    consoleConfig,
    consoleLogger,
    consoleFd === undefined ? {} : { listenFd: consoleFd },
  );
}

/** Builds the guest image, starts the cluster and its nodes, installs Podvisor, serves the console. */
async function runUp(config: UpConfig, io: CommandIo, place: UpPlace): Promise<number> {
  const { dataDir } = config;
  const { stopping } = place;
  // Fail before anything starts: the console comes last, minutes later.
  if (!place.inside && !(await portFree('127.0.0.1', config.consolePort))) {
    throw consolePortInUse(config.consolePort);
  }
  const release = place.inside ? () => undefined : claimDataDir(dataDir);
  const say = (line: string): void => {
    io.stdout.write(`${line}\n`);
  };
  const logger = createLogger({
    component: 'up',
    level: config.logLevel,
    destination: join(dataDir, 'logs', 'cluster.log'),
  });
  const running: Running = {};
  const consoleUrlFile = join(dataDir, 'console-url');
  rmSync(consoleUrlFile, { force: true });
  // A stop during startup aborts what runs (kubectl waits) and skips what has not begun.
  const abort = new AbortController();
  void stopping.then(() => {
    abort.abort();
  });
  const step = (): void => {
    abort.signal.throwIfAborted();
  };
  const startUp = async (): Promise<ServedBff> => {
    // Inside the cluster netns the outer `up` has built it already.
    if (!place.inside) await buildTinyImage(dataDir, say);
    step();
    running.cluster = await startApiServer({
      dataDir,
      apiPort: config.apiPort,
      logger,
      say,
      podNetwork: place.podNetwork,
    });
    const networkNote = place.podNetwork === undefined ? 'loopback pod addresses' : 'pod network';
    say(`Cluster API: ${running.cluster.url}, ${String(config.nodes)} node(s), ${networkNote}`);
    running.nodes = startNodeProcesses({
      count: config.nodes,
      dataDir,
      logLevel: config.logLevel,
      logger,
      network: place.podNetwork === undefined ? 'loopback' : 'pod',
    });
    const kubeconfig = running.cluster.kubeconfigPath;
    step();
    await installPodvisor({ kubeconfig, progress: say, signal: abort.signal });
    step();
    if (config.demo) {
      say('Creating the demo namespace: a VM and a pod');
      await applyDemo(kubeconfig);
    }
    step();
    running.console = await serveConsole(config, kubeconfig, place.consoleFd);
    return running.console;
  };
  const started = startUp();
  try {
    const first = await Promise.race([started, stopping]);
    if (typeof first === 'string') {
      logger.info({ signal: first }, 'stopped during startup');
      return 130;
    }
    writeFileSync(consoleUrlFile, `${first.url}\n`);
    announce(io, { dataDir, url: first.url, link: first.loginLink() ?? '' });
    const signal = await stopping;
    logger.info({ signal }, 'stopping');
    say('Stopping: console, VMs and pods, nodes, API server');
    return 0;
  } finally {
    rmSync(consoleUrlFile, { force: true });
    await started.catch(() => undefined);
    await shutDown(running, logger);
    release();
  }
}

export const upCommand = defineCommand({
  name: 'up',
  summary: 'run the whole product locally: embedded cluster, operator, console',
  description:
    'Builds the tiny guest image when missing, starts the embedded cluster with its nodes, installs\n' +
    'Podvisor into it with kubectl from deploy/overlays/local, waits until the operator is ready,\n' +
    'serves the console and prints its URL with a one-time sign-in link. Runs until interrupted\n' +
    '(Ctrl-C, or `podvisor down`); running it again on the same data dir brings everything back.\n' +
    'As root the cluster runs in its own network namespace, where VMs and pods share a pod network,\n' +
    'Services and DNS (--network).',
  spec: upSpec,
  run: async (config, io) => {
    const stopping = stopSignal();
    const place = networkPlace(config.network, io);
    if (place === 'outside') return upInClusterNetns(config, io, stopping);
    const inside = place === 'inside';
    return runUp(config, io, {
      stopping,
      inside,
      podNetwork: inside ? podNetworkOption(io.env) : undefined,
      consoleFd: inheritedFd(io.env, hostConsoleFdEnv),
    });
  },
});

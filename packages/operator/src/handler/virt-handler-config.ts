import { nodeEndpointPort } from '../shared/node-endpoint.ts';
import { field, logLevels, type ConfigOf } from '@podvisor/kube';

/**
 * virt-handler's configuration: flags, then environment, then defaults. The DaemonSet gives it
 * `NODE_NAME` and `POD_NAMESPACE` through the downward API; `--pods-dir` is its mount of the
 * node's `/var/lib/kubelet/pods` (under `$PODVISOR_CONTAINER_ROOT` in the embedded cluster).
 */
export const virtHandlerConfigSpec = {
  nodeName: field.string({
    env: 'NODE_NAME',
    describe:
      'the node this handler runs on: it handles the VMIs labelled kubevirt.io/nodeName=<node>',
  }),
  namespace: field.string({
    env: 'POD_NAMESPACE',
    default: 'podvisor',
    describe: 'the install namespace (from the downward API)',
  }),
  podsDir: field.string({
    flag: 'pods-dir',
    env: 'PODVISOR_PODS_DIR',
    default: '/pods',
    describe: "where the node's pod directories (/var/lib/kubelet/pods) are mounted",
  }),
  heartbeatIntervalMs: field.duration({
    flag: 'heartbeat-interval',
    env: 'PODVISOR_HEARTBEAT_INTERVAL',
    default: 60_000,
    describe: 'how often the node heartbeat (kubevirt.io/heartbeat) is written',
  }),
  resyncIntervalMs: field.duration({
    flag: 'resync-interval',
    env: 'PODVISOR_RESYNC_INTERVAL',
    default: 300_000,
    describe: 'how often every launcher is asked for its domain (GetDomain)',
  }),
  watchdogTimeoutMs: field.duration({
    flag: 'watchdog-timeout',
    env: 'PODVISOR_WATCHDOG_TIMEOUT',
    default: 30_000,
    describe: 'a launcher that answers no Ping for this long fails its VMI (LauncherUnresponsive)',
  }),
  metricsPort: field.port({
    flag: 'metrics-port',
    env: 'PODVISOR_METRICS_PORT',
    default: 8443,
    describe: 'HTTP port of /metrics, /healthz and /readyz (0 picks a free one)',
  }),
  host: field.string({
    flag: 'host',
    env: 'POD_IP',
    default: '0.0.0.0',
    describe:
      "address to listen on (the pod's IP in the embedded cluster, where pods share the host)",
  }),
  containerRoot: field.string({
    env: 'PODVISOR_CONTAINER_ROOT',
    default: '',
    nonEmpty: false,
    describe:
      "where the embedded cluster's node agent put this pod's volumes (empty on a real node)",
  }),
  consolePort: field.port({
    flag: 'console-port',
    env: 'PODVISOR_HANDLER_CONSOLE_PORT',
    default: nodeEndpointPort,
    describe:
      'HTTPS port of the node endpoint virt-api calls: console, VNC and SPICE streams, VMI actions (0 picks a free one)',
  }),
  podName: field.string({
    env: 'POD_NAME',
    default: '',
    nonEmpty: false,
    describe:
      "this pod's name (downward API): it gets the podvisor.io/serving-cert-sha256 annotation virt-api pins",
  }),
  stateDir: field.string({
    flag: 'state-dir',
    env: 'PODVISOR_HANDLER_STATE_DIR',
    default: '/var/lib/podvisor',
    describe:
      "node-local state that outlives the pod (the node endpoint's certificate, in virt-handler/<node>/)",
  }),
  virtApiServiceAccount: field.string({
    flag: 'virt-api-service-account',
    env: 'PODVISOR_VIRT_API_SERVICE_ACCOUNT',
    default: 'virt-api',
    describe:
      'the only ServiceAccount (in the install namespace) allowed to call the node endpoint',
  }),
  streamPingIntervalMs: field.duration({
    flag: 'stream-ping-interval',
    env: 'PODVISOR_STREAM_PING_INTERVAL',
    default: 30_000,
    describe:
      'websocket ping interval on console, VNC and SPICE streams (keeps idle sessions alive)',
  }),
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

/** virt-handler's parsed configuration. */
export type VirtHandlerConfig = ConfigOf<typeof virtHandlerConfigSpec>;

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
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

/** virt-handler's parsed configuration. */
export type VirtHandlerConfig = ConfigOf<typeof virtHandlerConfigSpec>;

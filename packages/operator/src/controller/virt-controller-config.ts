import { hostname } from 'node:os';
import { field, logLevels, type ConfigOf } from '@podvisor/kube';

/**
 * virt-controller's configuration: flags, then environment, then defaults. The launcher image
 * is required: it is what every VMI's pod runs.
 */
export const virtControllerConfigSpec = {
  launcherImage: field.string({
    env: 'VIRT_LAUNCHER_IMAGE',
    describe: 'the virt-launcher image that launcher pods run',
  }),
  namespace: field.string({
    env: 'POD_NAMESPACE',
    describe: 'install namespace, from the downward API (the leader-election Lease lives there)',
  }),
  podName: field.string({
    env: 'POD_NAME',
    default: hostname(),
    describe: "this replica's name, from the downward API (its identity in the Lease)",
  }),
  leaderElect: field.boolean({
    flag: 'leader-elect',
    default: false,
    describe: 'run the controllers only while holding the Lease <namespace>/virt-controller',
  }),
  metricsPort: field.port({
    flag: 'metrics-port',
    env: 'PODVISOR_METRICS_PORT',
    default: 8443,
    describe: 'HTTP port of /metrics, /healthz and /readyz',
  }),
  metricsHost: field.string({
    flag: 'metrics-host',
    env: 'POD_IP',
    default: '0.0.0.0',
    describe:
      "address of the metrics server (the pod's IP in the embedded cluster, where pods share the host)",
  }),
  nodeHeartbeatTimeoutMs: field.duration({
    flag: 'node-heartbeat-timeout',
    default: 300_000,
    describe: "how old virt-handler's node heartbeat may get before the node is unresponsive",
  }),
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

/** virt-controller's parsed configuration. */
export type VirtControllerConfig = ConfigOf<typeof virtControllerConfigSpec>;

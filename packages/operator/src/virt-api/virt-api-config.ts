import { field, logLevels, type ConfigOf } from '@podvisor/kube';

/**
 * virt-api's configuration: flags, then environment, then defaults. Environment names carry a
 * `PODVISOR_` prefix: the kubelet gives every pod `VIRT_API_PORT=tcp://…` for the `virt-api`
 * Service, which would shadow a plain `VIRT_API_PORT`.
 */
export const virtApiConfigSpec = {
  port: field.port({
    flag: 'port',
    env: 'PODVISOR_VIRT_API_PORT',
    default: 8443,
    describe: 'HTTPS port of the webhooks and the aggregated API',
  }),
  host: field.string({
    flag: 'host',
    env: 'POD_IP',
    default: '0.0.0.0',
    describe:
      "address to listen on (the pod's IP in the embedded cluster, where pods share the host)",
  }),
  namespace: field.string({
    env: 'POD_NAMESPACE',
    describe:
      'install namespace, from the downward API (the certificate Secret and the KubeVirt CR live there)',
  }),
  logLevel: field.oneOf(logLevels, {
    flag: 'log-level',
    env: 'PODVISOR_LOG_LEVEL',
    default: 'info',
    describe: 'log level',
  }),
};

/** virt-api's parsed configuration. */
export type VirtApiConfig = ConfigOf<typeof virtApiConfigSpec>;

/**
 * @packageDocumentation
 * The process basics of `@podvisor/kube` — configuration loading and the logger — without the
 * Kubernetes client. The launcher pod's processes (virt-launcher, virt-tail) import this entry
 * instead of the package's main one, which loads `@kubernetes/client-node`, prom-client and the
 * PKI code (~100 MiB of RSS they never use). Keep it free of those: only `./config/` and `./log/`.
 */
export { field, type Field } from './config/field.ts';
export {
  ConfigError,
  describeFlags,
  flagOptions,
  loadConfig,
  type ConfigIssue,
  type ConfigOf,
  type ConfigSources,
  type ConfigSpec,
} from './config/load-config.ts';
export {
  createLogger,
  logLevels,
  type LogLevel,
  type Logger,
  type LoggerSettings,
} from './log/create-logger.ts';

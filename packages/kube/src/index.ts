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

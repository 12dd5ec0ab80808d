import { pino, type Logger } from 'pino';

export type { Logger };

/** Log levels, in pino's (and Kubernetes' habitual) order. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface LoggerSettings {
  /** The process's role: `apiserver`, `virt-controller`, `bff`… Every line carries it. */
  readonly component: string;
  readonly level: LogLevel;
  /** A file path to append to, or a file descriptor; standard error when absent. */
  readonly destination?: string | number;
}

/**
 * Creates the process's one structured logger: JSON lines with an ISO time, the level as a
 * word and the component. Give each request or reconcile a `logger.child({...})` with its
 * context. Writes are synchronous so that nothing is lost when the process dies.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const destination = pino.destination({
    dest: settings.destination ?? 2,
    sync: true,
    mkdir: typeof settings.destination === 'string',
  });
  return pino(
    {
      level: settings.level,
      base: { component: settings.component, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

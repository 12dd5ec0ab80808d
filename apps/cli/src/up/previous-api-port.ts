import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The API server port a data dir's cluster used last (from its kubeconfig), or 0 for a new one.
 * `up` keeps the port across restarts: pods that outlived a killed `up` hold it in their
 * `KUBERNETES_SERVICE_PORT` and reconnect when the API server is back on it.
 */
export function previousApiPort(dataDir: string): number {
  const file = join(dataDir, 'kubeconfig');
  if (!existsSync(file)) return 0;
  const match = /server:\s*https:\/\/127\.0\.0\.1:(\d+)/.exec(readFileSync(file, 'utf8'));
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

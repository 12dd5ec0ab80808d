import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';

/**
 * The id of the embedded cluster whose data directory is `dataDir`: 8 hex digits of the SHA-256 of
 * its real path. The CLI and every node agent derive the same id, so they name the same network
 * namespaces (`podvisor-<id>`, `pv-<id>-…`) without passing it around, and two clusters on one
 * machine (an `npm start` while tests run) get different ones.
 */
export function clusterIdOf(dataDir: string): string {
  let path = dataDir;
  try {
    path = realpathSync(dataDir);
  } catch {
    // a directory that does not exist yet: its path as given
  }
  return createHash('sha256').update(path).digest('hex').slice(0, 8);
}

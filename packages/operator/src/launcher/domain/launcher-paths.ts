import { join } from 'node:path';
import type { LauncherPaths } from './domain-input.ts';

/** The launcher's socket and log paths inside one per-VM directory (which must be absolute). */
export function launcherPathsIn(dir: string): LauncherPaths {
  return {
    serialSocket: join(dir, 'serial.sock'),
    serialLog: join(dir, 'serial.log'),
    vncSocket: join(dir, 'vnc.sock'),
    spiceSocket: join(dir, 'spice.sock'),
    guestAgentSocket: join(dir, 'qga.sock'),
  };
}

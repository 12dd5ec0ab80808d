import { constants } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccelerationFacts } from './detect-acceleration.ts';

/** Where `readAccelerationFacts` looks; tests point these at fixtures. */
export interface AccelerationSources {
  readonly forceEmulation: boolean;
  /** Default `/proc`. */
  readonly procDir?: string;
  /** Default `/sys`. */
  readonly sysDir?: string;
  /** Default `/dev/kvm`. */
  readonly kvmDevice?: string;
}

async function textOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

async function namesOrNone(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/**
 * Module names from /proc/modules (first column) and the kvm modules under /sys/module (a
 * kernel without module support, like this machine's, has no /proc/modules but still lists
 * built-in kvm_pvm there).
 */
async function loadedModules(procDir: string, sysDir: string): Promise<string[]> {
  const fromProc = (await textOrEmpty(join(procDir, 'modules')))
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
  const fromSys = (await namesOrNone(join(sysDir, 'module'))).filter((name) =>
    name.startsWith('kvm'),
  );
  return [...new Set([...fromProc, ...fromSys])];
}

async function opens(path: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_RDWR);
    await handle.close();
    return true;
  } catch {
    return false;
  }
}

/** Reads /proc/cpuinfo, the loaded modules and whether /dev/kvm opens, for `detectAcceleration`. */
export async function readAccelerationFacts(
  sources: AccelerationSources,
): Promise<AccelerationFacts> {
  const procDir = sources.procDir ?? '/proc';
  const sysDir = sources.sysDir ?? '/sys';
  return {
    cpuinfo: await textOrEmpty(join(procDir, 'cpuinfo')),
    modules: await loadedModules(procDir, sysDir),
    kvmDevice: await opens(sources.kvmDevice ?? '/dev/kvm'),
    forceEmulation: sources.forceEmulation,
  };
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageRuntime } from './image-catalog.ts';
import type { Termination } from './pod-status.ts';

/** The process of a container's current run, as recorded for adoption. */
export interface RunRecord {
  readonly pid: number;
  /** From `/proc/<pid>/stat`; a pid with another start time is not ours. */
  readonly procStart: string;
  readonly startedAt: string;
  /** Which run this is (its restartCount and the number of its log file). */
  readonly runIndex: number;
}

/** How to run commands in a container (`kubectl exec`, exec probes), recorded with each start. */
export interface ExecContext {
  readonly runtime: ImageRuntime;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly rootDir: string;
  readonly podmanName: string;
  /** The pod's network namespace, entered with `ip netns exec` (pod-network mode only). */
  readonly netns?: string | undefined;
}

/** What the node remembers about one container across its restarts (and its own). */
export interface ContainerRecord {
  /** How many runs were started; restartCount is one less. */
  runs: number;
  running?: RunRecord | undefined;
  lastTermination?: Termination | undefined;
  previousTermination?: Termination | undefined;
  /** The container finished and will not run again (init success, or restartPolicy says so). */
  done?: boolean | undefined;
  /** The crash back-off that applies after the current run, in milliseconds (0 for the first). */
  backoffMs: number;
  /** Not started again before this time (epoch milliseconds). */
  notBefore: number;
  exec?: ExecContext | undefined;
}

/** What the node remembers about a pod, in `<podDir>/state.json`. */
export interface PodRecord {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  podIP: string;
  startTime: string;
  containers: Record<string, ContainerRecord>;
  /**
   * The directories of the pod's own volumes (emptyDir, configMap…) by name, so a restarted node
   * agent uses the same ones. Absent in records of agents that predate it (`<podDir>/volumes/<name>`).
   */
  volumes?: Record<string, string> | undefined;
}

/** The file a pod's record lives in. */
export function podRecordPath(podDir: string): string {
  return join(podDir, 'state.json');
}

/** Reads a pod's record; undefined when there is none or it is unreadable. */
export function loadPodRecord(podDir: string): PodRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(podRecordPath(podDir), 'utf8')) as PodRecord;
    return typeof parsed.uid === 'string' && typeof parsed.podIP === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a pod's record atomically (a kill -9 leaves the old or the new one). */
export function savePodRecord(podDir: string, record: PodRecord): void {
  mkdirSync(podDir, { recursive: true, mode: 0o700 });
  const path = podRecordPath(podDir);
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 });
  renameSync(tmp, path);
}

/** A fresh record for a container never started. */
export function newContainerRecord(): ContainerRecord {
  return { runs: 0, backoffMs: 0, notBefore: 0 };
}

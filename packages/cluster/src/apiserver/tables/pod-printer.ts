import type { Json, KubeObject } from '../json.ts';
import {
  arrayAt,
  booleanAt,
  numberAt,
  objectAt,
  readPath,
  stringAt,
} from '../selectors/read-json.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import { humanDuration, parseTimestamp } from './human-duration.ts';
import {
  ageColumn,
  ageOf,
  column,
  nameColumn,
  nameOf,
  type PrintedRow,
  type TablePrinter,
  type TableRowCondition,
} from './table-printer.ts';

/** The tallies of one pod's container statuses, as upstream's `printPod` keeps them. */
interface PodTally {
  reason: string;
  ready: number;
  restarts: number;
  /** The latest `lastState.terminated.finishedAt` seen (ms), if any. */
  lastRestart: number | undefined;
}

function later(current: number | undefined, candidate: Json | undefined): number | undefined {
  const parsed = parseTimestamp(candidate);
  if (parsed === undefined || Number.isNaN(parsed)) return current;
  return current === undefined || parsed > current ? parsed : current;
}

function finishedAt(status: Json): Json | undefined {
  return readPath(status, 'lastState', 'terminated', 'finishedAt');
}

function isRestartable(container: Json | undefined): boolean {
  return stringAt(container, 'restartPolicy') === 'Always';
}

function hasCondition(pod: KubeObject, type: string, status = 'True'): boolean {
  return arrayAt(pod, 'status', 'conditions').some(
    (c) => stringAt(c, 'type') === type && stringAt(c, 'status') === status,
  );
}

/** `isPodInitializedConditionTrue`: the first `Initialized` condition decides. */
function initializedConditionTrue(pod: KubeObject): boolean {
  const condition = arrayAt(pod, 'status', 'conditions').find(
    (c) => stringAt(c, 'type') === 'Initialized',
  );
  return condition !== undefined && stringAt(condition, 'status') === 'True';
}

function terminatedReason(terminated: Json, prefix: string): string {
  const reason = stringAt(terminated, 'reason');
  if (reason !== '') return `${prefix}${reason}`;
  const signal = numberAt(terminated, 'signal');
  return signal !== 0
    ? `${prefix}Signal:${signal}`
    : `${prefix}ExitCode:${numberAt(terminated, 'exitCode')}`;
}

/** Why the walk over init containers stops at this one (it failed, waits, or runs). */
function initContainerReason(status: Json, index: number, total: number): string {
  const terminated = objectAt(status, 'state', 'terminated');
  if (terminated !== undefined) return terminatedReason(terminated, 'Init:');
  const waiting = stringAt(status, 'state', 'waiting', 'reason');
  if (waiting !== '' && waiting !== 'PodInitializing') return `Init:${waiting}`;
  return `Init:${index}/${total}`;
}

interface InitTally {
  readonly initializing: boolean;
  /** Restarts and last restart of the restartable (sidecar) init containers only. */
  readonly sidecarRestarts: number;
  readonly sidecarLastRestart: number | undefined;
}

/** Whether the walk over init containers goes past this one, counting a ready sidecar. */
function initContainerDone(status: Json, restartable: boolean, tally: PodTally): boolean {
  const terminated = objectAt(status, 'state', 'terminated');
  if (terminated !== undefined && numberAt(terminated, 'exitCode') === 0) return true;
  if (!restartable || booleanAt(status, 'started') !== true) return false;
  if (booleanAt(status, 'ready') === true) tally.ready++;
  return true;
}

function tallyInitContainers(pod: KubeObject, tally: PodTally): InitTally {
  const specs = arrayAt(pod, 'spec', 'initContainers');
  const byName = new Map(specs.map((c) => [stringAt(c, 'name'), c]));
  let sidecarRestarts = 0;
  let sidecarLastRestart: number | undefined;
  const statuses = arrayAt(pod, 'status', 'initContainerStatuses');
  for (const [index, status] of statuses.entries()) {
    const restartCount = numberAt(status, 'restartCount');
    const restartable = isRestartable(byName.get(stringAt(status, 'name')));
    tally.restarts += restartCount;
    tally.lastRestart = later(tally.lastRestart, finishedAt(status));
    if (restartable) {
      sidecarRestarts += restartCount;
      sidecarLastRestart = later(sidecarLastRestart, finishedAt(status));
    }
    if (initContainerDone(status, restartable, tally)) continue;
    tally.reason = initContainerReason(status, index, specs.length);
    return { initializing: true, sidecarRestarts, sidecarLastRestart };
  }
  return { initializing: false, sidecarRestarts, sidecarLastRestart };
}

/** Walks the app containers last to first; returns whether one is running and ready. */
function tallyContainers(pod: KubeObject, tally: PodTally): boolean {
  let hasRunning = false;
  const statuses = arrayAt(pod, 'status', 'containerStatuses');
  for (const status of [...statuses].reverse()) {
    tally.restarts += numberAt(status, 'restartCount');
    tally.lastRestart = later(tally.lastRestart, finishedAt(status));
    const waiting = stringAt(status, 'state', 'waiting', 'reason');
    const terminated = objectAt(status, 'state', 'terminated');
    if (waiting !== '') tally.reason = waiting;
    else if (terminated !== undefined) tally.reason = terminatedReason(terminated, '');
    else if (
      booleanAt(status, 'ready') === true &&
      objectAt(status, 'state', 'running') !== undefined
    ) {
      hasRunning = true;
      tally.ready++;
    }
  }
  return hasRunning;
}

function initialReason(pod: KubeObject): string {
  const statusReason = stringAt(pod, 'status', 'reason');
  let reason = statusReason === '' ? stringAt(pod, 'status', 'phase') : statusReason;
  for (const condition of arrayAt(pod, 'status', 'conditions')) {
    if (
      stringAt(condition, 'type') === 'PodScheduled' &&
      stringAt(condition, 'reason') === 'SchedulingGated'
    )
      reason = 'SchedulingGated';
  }
  return reason;
}

function deletionReason(pod: KubeObject, reason: string): string {
  if (stringAt(pod, 'metadata', 'deletionTimestamp') === '') return reason;
  if (stringAt(pod, 'status', 'reason') === 'NodeLost') return 'Unknown';
  const phase = stringAt(pod, 'status', 'phase');
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

/**
 * The Ready, Status and Restarts cells of a pod, computed exactly as kubectl shows them
 * (`printPod`): init progress (`Init:0/1`, `Init:CrashLoopBackOff`), container waiting and
 * terminated reasons (`ContainerCreating`, `CrashLoopBackOff`, `Completed`, `ExitCode:1`),
 * `Terminating`, `Unknown` for lost nodes, and restarts as `3 (5m ago)`.
 */
export function podStatusCells(pod: KubeObject, now: number): [string, string, string] {
  const tally: PodTally = {
    reason: initialReason(pod),
    ready: 0,
    restarts: 0,
    lastRestart: undefined,
  };
  const init = tallyInitContainers(pod, tally);
  if (!init.initializing || initializedConditionTrue(pod)) {
    tally.restarts = init.sidecarRestarts;
    tally.lastRestart = init.sidecarLastRestart;
    const hasRunning = tallyContainers(pod, tally);
    if (tally.reason === 'Completed' && hasRunning)
      tally.reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }
  const total =
    arrayAt(pod, 'spec', 'containers').length +
    arrayAt(pod, 'spec', 'initContainers').filter(isRestartable).length;
  const restarts =
    tally.restarts !== 0 && tally.lastRestart !== undefined
      ? `${tally.restarts} (${humanDuration(now - tally.lastRestart)} ago)`
      : String(tally.restarts);
  return [`${tally.ready}/${total}`, deletionReason(pod, tally.reason), restarts];
}

function orNone(value: string): string {
  return value === '' ? '<none>' : value;
}

function readinessGates(pod: KubeObject): string {
  const gates = arrayAt(pod, 'spec', 'readinessGates');
  if (gates.length === 0) return '<none>';
  const conditions = arrayAt(pod, 'status', 'conditions');
  const passing = gates.filter((gate) => {
    const condition = conditions.find(
      (c) => stringAt(c, 'type') === stringAt(gate, 'conditionType'),
    );
    return condition !== undefined && stringAt(condition, 'status') === 'True';
  }).length;
  return `${passing}/${gates.length}`;
}

function podIP(pod: KubeObject): string {
  const fromList = stringAt(arrayAt(pod, 'status', 'podIPs')[0], 'ip');
  return orNone(fromList === '' ? stringAt(pod, 'status', 'podIP') : fromList);
}

const completedConditions: Readonly<Record<string, readonly TableRowCondition[]>> = {
  Succeeded: [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ],
  Failed: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
};

function podRow(pod: KubeObject, now: number): PrintedRow {
  const [ready, status, restarts] = podStatusCells(pod, now);
  const cells = [
    nameOf(pod),
    ready,
    status,
    restarts,
    ageOf(pod, now),
    podIP(pod),
    orNone(stringAt(pod, 'spec', 'nodeName')),
    orNone(stringAt(pod, 'status', 'nominatedNodeName')),
    readinessGates(pod),
  ];
  const conditions = completedConditions[stringAt(pod, 'status', 'phase')];
  return conditions === undefined ? { cells } : { cells, conditions };
}

/** Pods: Name, Ready, Status, Restarts, Age; wide: IP, Node, Nominated Node, Readiness Gates. */
export const podPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', describe.podReady),
    column('Status', 'string', describe.podStatus),
    column('Restarts', 'string', describe.podRestarts),
    ageColumn,
    column('IP', 'string', describe.podIP, { priority: 1 }),
    column('Node', 'string', describe.nodeName, { priority: 1 }),
    column('Nominated Node', 'string', describe.nominatedNodeName, { priority: 1 }),
    column('Readiness Gates', 'string', describe.readinessGates, { priority: 1 }),
  ],
  row: podRow,
};

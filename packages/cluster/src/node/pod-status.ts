import type { Json, JsonObject } from '../apiserver/json.ts';
import { readObject, readObjects, readString } from './read-json.ts';

/** A time as the API writes it: RFC 3339 with seconds (`2025-01-02T03:04:05Z`). */
export function apiTime(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** How a container run ended. */
export interface Termination {
  readonly exitCode: number;
  /** `Completed`, `Error`, or a reason such as `ContainerCannotRun`. */
  readonly reason: string;
  readonly message?: string;
  readonly signal?: number;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** A container's current state as the node reports it (`terminated` means it will not restart). */
export type ContainerStateView =
  | { readonly kind: 'waiting'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'running'; readonly startedAt: string }
  | ({ readonly kind: 'terminated' } & Termination);

/** What the status of one container is computed from. */
export interface ContainerView {
  readonly name: string;
  readonly image: string;
  readonly restartCount: number;
  readonly state: ContainerStateView;
  readonly lastTermination: Termination | undefined;
  readonly ready: boolean;
  readonly started: boolean;
  readonly containerID: string | undefined;
}

/** What a pod's status is computed from. */
export interface PodView {
  readonly init: readonly ContainerView[];
  readonly app: readonly ContainerView[];
  /** The pod directory and IP exist (PodReadyToStartContainers). */
  readonly sandboxReady: boolean;
  readonly podIP: string | undefined;
  readonly hostIP: string;
  readonly startTime: string | undefined;
  /** The status currently stored, whose condition transition times are kept when nothing changed. */
  readonly previous: JsonObject;
  readonly now: string;
}

const succeeded = (c: ContainerView): boolean =>
  c.state.kind === 'terminated' && c.state.exitCode === 0;

/** The pod phase: Pending, Running, Succeeded or Failed, from its containers. */
export function podPhase(view: PodView): string {
  if (view.init.some((c) => c.state.kind === 'terminated' && c.state.exitCode !== 0))
    return 'Failed';
  if (!view.init.every(succeeded)) return 'Pending';
  if (view.app.length > 0 && view.app.every((c) => c.state.kind === 'terminated'))
    return view.app.every(succeeded) ? 'Succeeded' : 'Failed';
  const begun = view.app.some(
    (c) => c.state.kind !== 'waiting' || c.restartCount > 0 || c.lastTermination !== undefined,
  );
  return begun ? 'Running' : 'Pending';
}

function termination(t: Termination): JsonObject {
  return {
    exitCode: t.exitCode,
    reason: t.reason,
    ...(t.message === undefined ? {} : { message: t.message }),
    ...(t.signal === undefined ? {} : { signal: t.signal }),
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
  };
}

function stateJson(state: ContainerStateView): JsonObject {
  if (state.kind === 'running') return { running: { startedAt: state.startedAt } };
  if (state.kind === 'terminated') return { terminated: termination(state) };
  return {
    waiting: {
      reason: state.reason,
      ...(state.message === undefined ? {} : { message: state.message }),
    },
  };
}

/** One entry of `containerStatuses` / `initContainerStatuses`. */
export function containerStatus(c: ContainerView): JsonObject {
  return {
    name: c.name,
    image: c.image,
    imageID: '',
    ...(c.containerID === undefined ? {} : { containerID: c.containerID }),
    ready: c.ready,
    started: c.started,
    restartCount: c.restartCount,
    state: stateJson(c.state),
    lastState:
      c.lastTermination === undefined ? {} : { terminated: termination(c.lastTermination) },
  };
}

interface ConditionInput {
  readonly type: string;
  readonly status: boolean;
  readonly reason?: string;
  readonly message?: string;
}

function condition(view: PodView, input: ConditionInput): JsonObject {
  const status = input.status ? 'True' : 'False';
  const before = readObjects(view.previous['conditions']).find((c) => c['type'] === input.type);
  const since =
    before !== undefined && before['status'] === status
      ? readString(before['lastTransitionTime'], view.now)
      : view.now;
  return {
    type: input.type,
    status,
    lastProbeTime: null,
    lastTransitionTime: since,
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    ...(input.message === undefined ? {} : { message: input.message }),
  };
}

function listed(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function conditions(view: PodView, phase: string): Json[] {
  const uninitialized = view.init.filter((c) => !succeeded(c)).map((c) => c.name);
  const unready = view.app.filter((c) => !c.ready).map((c) => c.name);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const notReady = done
    ? { reason: 'PodCompleted' }
    : {
        reason: 'ContainersNotReady',
        message: `containers with unready status: ${listed(unready)}`,
      };
  const ready = !done && unready.length === 0;
  return [
    condition(view, { type: 'PodReadyToStartContainers', status: view.sandboxReady }),
    condition(view, {
      type: 'Initialized',
      status: uninitialized.length === 0,
      ...(uninitialized.length === 0
        ? {}
        : {
            reason: 'ContainersNotInitialized',
            message: `containers with incomplete status: ${listed(uninitialized)}`,
          }),
    }),
    condition(view, { type: 'Ready', status: ready, ...(ready ? {} : notReady) }),
    condition(view, { type: 'ContainersReady', status: ready, ...(ready ? {} : notReady) }),
    condition(view, { type: 'PodScheduled', status: true }),
  ];
}

/** The pod status the node writes: phase, conditions, IPs, start time and container statuses. */
export function computePodStatus(view: PodView): JsonObject {
  const phase = podPhase(view);
  const ip = view.podIP;
  return {
    phase,
    conditions: conditions(view, phase),
    hostIP: view.hostIP,
    hostIPs: [{ ip: view.hostIP }],
    ...(ip === undefined ? {} : { podIP: ip, podIPs: [{ ip }] }),
    ...(view.startTime === undefined ? {} : { startTime: view.startTime }),
    ...(view.init.length === 0 ? {} : { initContainerStatuses: view.init.map(containerStatus) }),
    containerStatuses: view.app.map(containerStatus),
  };
}

/** Whether writing `next` would change a field of the stored status (fields the node does not write, such as qosClass, are ignored). */
export function statusChanged(next: JsonObject, stored: JsonObject): boolean {
  return Object.entries(next).some(
    ([key, value]) => JSON.stringify(value) !== JSON.stringify(readObject(stored)[key]),
  );
}

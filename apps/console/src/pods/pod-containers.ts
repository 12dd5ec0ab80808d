import type {
  ContainerPort,
  PodContainer,
  PodContainerState,
  PodContainerStatus,
  PodResource,
} from './pod-resource.ts';

/** One container of a pod, spec and status together. */
export interface PodContainerRow {
  readonly name: string;
  readonly init: boolean;
  readonly image: string | undefined;
  /** `Running`, `Waiting: CrashLoopBackOff`, `Terminated: Error (exit 1)`, or `Not started`. */
  readonly state: string;
  /** The state's message, when it gives one. */
  readonly message: string | undefined;
  readonly ready: boolean;
  readonly restarts: number;
  /** `8080/TCP`, named ports as `http: 8080/TCP`. */
  readonly ports: readonly string[];
}

/** A container state as one phrase, with its reason (and exit code when it ended). */
export function containerStateText(state: PodContainerState | undefined): string {
  if (state?.running !== undefined) return 'Running';
  if (state?.waiting !== undefined)
    return state.waiting.reason === undefined ? 'Waiting' : `Waiting: ${state.waiting.reason}`;
  const ended = state?.terminated;
  if (ended === undefined) return 'Not started';
  const reason =
    ended.reason ?? (ended.signal === undefined ? 'Exited' : `Signal ${String(ended.signal)}`);
  return `Terminated: ${reason} (exit ${String(ended.exitCode ?? 0)})`;
}

function portText(port: ContainerPort): string {
  const text = `${String(port.containerPort)}/${port.protocol ?? 'TCP'}`;
  return port.name === undefined ? text : `${port.name}: ${text}`;
}

function stateMessage(state: PodContainerState | undefined): string | undefined {
  return state?.waiting?.message ?? state?.terminated?.message;
}

function containerRow(
  container: PodContainer,
  status: PodContainerStatus | undefined,
  init: boolean,
): PodContainerRow {
  const { state, ready = false, restartCount = 0, image } = status ?? {};
  return {
    name: container.name,
    init,
    image: container.image ?? image,
    state: containerStateText(state),
    message: stateMessage(state),
    ready,
    restarts: restartCount,
    ports: (container.ports ?? []).map(portText),
  };
}

function rowsOf(
  containers: readonly PodContainer[] | undefined,
  statuses: readonly PodContainerStatus[],
  init: boolean,
): PodContainerRow[] {
  return (containers ?? []).map((container) =>
    containerRow(
      container,
      statuses.find((entry) => entry.name === container.name),
      init,
    ),
  );
}

/** The pod's init containers, then its containers, each with its status. */
export function podContainerRows(pod: PodResource): PodContainerRow[] {
  return [
    ...rowsOf(pod.spec?.initContainers, pod.status?.initContainerStatuses ?? [], true),
    ...rowsOf(pod.spec?.containers, pod.status?.containerStatuses ?? [], false),
  ];
}

/** The container `kubectl logs` picks: the default-container annotation, else the first one. */
export function defaultContainer(pod: PodResource): string | undefined {
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const names = (pod.spec?.containers ?? []).map((container) => container.name);
  if (annotated !== undefined && names.includes(annotated)) return annotated;
  return names[0] ?? pod.spec?.initContainers?.[0]?.name;
}

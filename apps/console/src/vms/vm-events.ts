/** A core/v1 Event, as far as the console reads it. */
export interface KubeEvent {
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly creationTimestamp?: string;
  };
  readonly involvedObject: {
    readonly kind?: string;
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
  };
  /** Normal or Warning. */
  readonly type?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly count?: number;
  readonly firstTimestamp?: string | null;
  readonly lastTimestamp?: string | null;
  readonly eventTime?: string | null;
  readonly series?: { readonly lastObservedTime?: string };
}

const vmKinds: readonly string[] = ['VirtualMachine', 'VirtualMachineInstance'];

/** When the event last happened, in epoch milliseconds (0 when it says nothing usable). */
export function eventTime(event: KubeEvent): number {
  const candidates = [
    event.series?.lastObservedTime,
    event.lastTimestamp,
    event.eventTime,
    event.firstTimestamp,
    event.metadata.creationTimestamp,
  ];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === '') continue;
    const ms = Date.parse(candidate);
    if (!Number.isNaN(ms)) return ms;
  }
  return 0;
}

/**
 * The events about the VM `name` in `namespace` or its VMI (the same name), newest first.
 */
export function vmEvents(
  events: readonly KubeEvent[],
  vm: { readonly namespace: string; readonly name: string },
): KubeEvent[] {
  return events
    .filter(
      ({ involvedObject: object }) =>
        object.kind !== undefined &&
        vmKinds.includes(object.kind) &&
        object.name === vm.name &&
        (object.namespace ?? vm.namespace) === vm.namespace,
    )
    .sort((a, b) => eventTime(b) - eventTime(a));
}

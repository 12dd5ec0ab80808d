import type { Logger } from '@podvisor/kube';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { Store } from '../storage/index.ts';
import { availableCondition, type ApiService } from './api-service.ts';
import type { Availability } from './check-availability.ts';

/** Receives an APIService's new `status` (all conditions) when its Available condition changes. */
export type AvailabilityCallback = (name: string, status: JsonObject) => void | Promise<void>;

/** Whether a stored condition already says what a check found. */
function sameCondition(current: JsonObject | undefined, found: Availability): boolean {
  return (
    current !== undefined &&
    current['status'] === found.status &&
    current['reason'] === found.reason &&
    current['message'] === found.message
  );
}

function rfc3339Now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The APIService's status with the Available condition replaced (transition time kept if the status did not change). */
export function statusWithAvailability(object: JsonObject, found: Availability): JsonObject {
  const status = isJsonObject(object['status']) ? object['status'] : {};
  const conditions = Array.isArray(status['conditions']) ? status['conditions'] : [];
  const current = availableCondition(object);
  const lastTransitionTime =
    current !== undefined &&
    current['status'] === found.status &&
    typeof current['lastTransitionTime'] === 'string'
      ? current['lastTransitionTime']
      : rfc3339Now();
  const condition: JsonObject = { type: 'Available', ...found, lastTransitionTime };
  const others = conditions.filter((c) => !(isJsonObject(c) && c['type'] === 'Available'));
  return { ...status, conditions: [...others, condition] };
}

/** Options of {@link AvailabilityLoop}. */
export interface AvailabilityLoopOptions {
  readonly store: Store;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly apiServices: () => readonly ApiService[];
  readonly check: (apiService: ApiService) => Promise<Availability>;
  readonly onChange: AvailabilityCallback;
}

/** Re-checks APIServices on changes and on a timer, reporting changed conditions. */
export class AvailabilityLoop {
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #stops: (() => void)[] = [];
  readonly #timer: NodeJS.Timeout;
  readonly #options: AvailabilityLoopOptions;
  #closed = false;

  constructor(options: AvailabilityLoopOptions) {
    this.#options = options;
    const { store } = options;
    for (const prefix of ['/core/services/', '/core/endpoints/']) {
      this.#stops.push(
        store.watch(prefix, store.currentRevision(), (event) => {
          const namespace = event.object.metadata['namespace'];
          const name = event.object.metadata['name'];
          for (const { service, name: apiService } of options.apiServices())
            if (service?.namespace === namespace && service?.name === name)
              this.schedule(apiService);
        }),
      );
    }
    this.#timer = setInterval(() => {
      this.scheduleAll();
    }, options.intervalMs);
    this.#timer.unref();
  }

  /** Checks every APIService now. */
  scheduleAll(): void {
    for (const apiService of this.#options.apiServices()) this.schedule(apiService.name);
  }

  /** Checks one APIService soon; a check already running is followed by one more. */
  schedule(name: string): void {
    if (this.#closed) return;
    if (this.#running.has(name)) {
      this.#again.add(name);
      return;
    }
    const run = this.#run(name).finally(() => {
      this.#running.delete(name);
      if (this.#again.delete(name)) this.schedule(name);
    });
    this.#running.set(name, run);
  }

  /** Waits for the checks in flight (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const stop of this.#stops) stop();
  }

  async #run(name: string): Promise<void> {
    const apiService = this.#options.apiServices().find((s) => s.name === name);
    if (apiService === undefined) return;
    try {
      const found = await this.#options.check(apiService);
      if (this.#closed) return;
      const latest = this.#options.apiServices().find((s) => s.name === name) ?? apiService;
      if (sameCondition(availableCondition(latest.object), found)) return;
      this.#options.logger.info({ apiService: name, ...found }, 'APIService availability changed');
      await this.#options.onChange(name, statusWithAvailability(latest.object, found));
    } catch (error) {
      this.#options.logger.warn(
        { apiService: name, err: String(error) },
        'availability check failed',
      );
    }
  }
}

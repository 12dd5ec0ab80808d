import { isJsonObject, type JsonObject } from '../json.ts';
import { statusErrors } from '../status-error.ts';
import type { ApiService } from './api-service.ts';
import type { BackendTarget } from './backend-target.ts';
import { fetchBackendJson } from './fetch-backend-json.ts';

interface Entry {
  readonly resourceVersion: unknown;
  readonly fetchedAt: number;
  readonly value: Promise<JsonObject>;
}

/** Options of {@link DiscoveryCache}. */
export interface DiscoveryCacheOptions {
  readonly ttlMs: number;
  readonly timeoutMs: number;
  readonly target: (apiService: ApiService) => Promise<BackendTarget>;
  readonly now: () => number;
}

/** Fetches and caches the APIResourceList of aggregated group-versions. */
export class DiscoveryCache {
  readonly #entries = new Map<string, Entry>();
  readonly #options: DiscoveryCacheOptions;

  constructor(options: DiscoveryCacheOptions) {
    this.#options = options;
  }

  /**
   * The backend's `/apis/<group>/<version>` APIResourceList, cached for the TTL and refetched
   * when the APIService changes. A failure is a 503 StatusError and is not cached.
   */
  get(apiService: ApiService): Promise<JsonObject> {
    const now = this.#options.now();
    const resourceVersion = apiService.object.metadata['resourceVersion'];
    const cached = this.#entries.get(apiService.name);
    if (
      cached !== undefined &&
      cached.resourceVersion === resourceVersion &&
      now - cached.fetchedAt < this.#options.ttlMs
    )
      return cached.value;
    const value = this.#fetch(apiService);
    this.#entries.set(apiService.name, { resourceVersion, fetchedAt: now, value });
    value.catch(() => {
      if (this.#entries.get(apiService.name)?.value === value)
        this.#entries.delete(apiService.name);
    });
    return value;
  }

  /** Drops what is cached for an APIService. */
  forget(name: string): void {
    this.#entries.delete(name);
  }

  async #fetch(apiService: ApiService): Promise<JsonObject> {
    const groupVersion = `${apiService.group}/${apiService.version}`;
    const fail = (detail: string): Error =>
      statusErrors.serviceUnavailable(
        `unable to retrieve the complete list of server APIs: ${groupVersion}: ${detail}`,
      );
    let answer;
    try {
      const target = await this.#options.target(apiService);
      answer = await fetchBackendJson({
        target,
        path: `/apis/${groupVersion}`,
        timeoutMs: this.#options.timeoutMs,
      });
    } catch (error) {
      throw fail(error instanceof Error ? error.message : String(error));
    }
    if (answer.status !== 200) throw fail(`the server answered ${answer.status}`);
    if (!isJsonObject(answer.body) || answer.body['kind'] !== 'APIResourceList')
      throw fail('the answer is not an APIResourceList');
    return answer.body;
  }
}

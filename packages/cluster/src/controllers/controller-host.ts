import type { Logger } from '@podvisor/kube';
import type { ClusterClient } from './cluster-client.ts';

/** What a controller running inside the API server process gets. */
export interface ControllerDeps {
  readonly client: ClusterClient;
  readonly logger: Logger;
  /** The cluster's data directory (for controllers that keep files, such as the PVC provisioner). */
  readonly dataDir: string;
}

/** A started controller. */
export interface StartedController {
  stop(): Promise<void>;
}

/** Starts one controller; called once when the cluster starts. */
export interface ControllerFactory {
  readonly name: string;
  start(deps: ControllerDeps): StartedController;
}

/** Starts every controller, each with its own child logger; `stop` stops them all. */
export function startControllers(
  factories: readonly ControllerFactory[],
  deps: ControllerDeps,
): StartedController {
  const started = factories.map((f) =>
    f.start({ ...deps, logger: deps.logger.child({ controller: f.name }) }),
  );
  return {
    stop: async () => {
      await Promise.all(started.map((c) => c.stop()));
    },
  };
}

import type { ControllerFactory } from './controller-host.ts';

/** The controllers local mode runs inside the API server process (kube-controller-manager's role). */
export const clusterControllers: readonly ControllerFactory[] = [];

export { daemonSetController } from './daemon-set-controller.ts';
export {
  daemonSetManager,
  daemonSetReconciler,
  type DaemonSetReconcilerDeps,
} from './daemon-set-reconciler.ts';

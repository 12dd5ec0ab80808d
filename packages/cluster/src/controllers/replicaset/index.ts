export { replicaSetController } from './replica-set-controller.ts';
export {
  replicaSetManager,
  replicaSetReconciler,
  type ReplicaSetReconcilerDeps,
} from './replica-set-reconciler.ts';

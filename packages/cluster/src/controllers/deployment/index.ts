export { deploymentController } from './deployment-controller.ts';
export {
  deploymentManager,
  deploymentReconciler,
  type DeploymentReconcilerDeps,
} from './deployment-reconciler.ts';

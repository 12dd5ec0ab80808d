import { TerminalError } from '@podvisor/kube';
import type { Json, KubeObject } from '../../apiserver/json.ts';
import { readPath, stringAt } from '../../apiserver/selectors/read-json.ts';

/**
 * An IntOrString scaled against `total` (`intstr.GetScaledValueFromIntOrPercent`): an integer
 * as is, a percentage of `total` rounded up or down. Anything else is a TerminalError naming
 * `field`.
 */
export function scaledValue(
  value: Json | undefined,
  total: number,
  options: { roundUp: boolean; field: string },
): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value !== 'string')
    throw new TerminalError(
      `${options.field}: Invalid value: ${JSON.stringify(value ?? null)}: must be an integer or percentage (e.g. '5%')`,
    );
  const match = /^(-?\d+)%$/.exec(value);
  if (match === null)
    throw new TerminalError(
      `${options.field}: Invalid value: ${JSON.stringify(value)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
    );
  const scaled = (Number(match[1]) * total) / 100;
  return options.roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** `spec.replicas` of a Deployment (1 when unset, as the API server defaults it). */
export function deploymentReplicas(d: KubeObject): number {
  const replicas = readPath(d, 'spec', 'replicas');
  return typeof replicas === 'number' ? replicas : 1;
}

/** Whether the Deployment's strategy is RollingUpdate (the default). */
export function isRollingUpdate(d: KubeObject): boolean {
  return stringAt(d, 'spec', 'strategy', 'type') !== 'Recreate';
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) for `desired` replicas
 * (`ResolveFenceposts`); unset values default to 25% as the API server's defaulting does, and
 * both 0 makes maxUnavailable 1 so a rollout can progress.
 */
export function resolveFenceposts(
  d: KubeObject,
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  const rolling = readPath(d, 'spec', 'strategy', 'rollingUpdate');
  const surge = scaledValue(readPath(rolling, 'maxSurge') ?? '25%', desired, {
    roundUp: true,
    field: 'spec.strategy.rollingUpdate.maxSurge',
  });
  const unavailable = scaledValue(readPath(rolling, 'maxUnavailable') ?? '25%', desired, {
    roundUp: false,
    field: 'spec.strategy.rollingUpdate.maxUnavailable',
  });
  return surge === 0 && unavailable === 0
    ? { maxSurge: 0, maxUnavailable: 1 }
    : { maxSurge: surge, maxUnavailable: unavailable };
}

/** How many pods a rolling update may run above `spec.replicas` (0 for Recreate). */
export function maxSurge(d: KubeObject): number {
  return isRollingUpdate(d) ? resolveFenceposts(d, deploymentReplicas(d)).maxSurge : 0;
}

/** How many pods may be unavailable during a rolling update, at most `spec.replicas` (0 for Recreate). */
export function maxUnavailable(d: KubeObject): number {
  const replicas = deploymentReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d, replicas).maxUnavailable, replicas);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt } from '../../apiserver/selectors/read-json.ts';
import {
  startTestCluster,
  type CommandResult,
  type TestCluster,
} from '../../testing/test-cluster.ts';
import type { StartedController } from '../controller-host.ts';
import { controllerTestKit, type ControllerTestKit } from '../replicaset/controller-test-kit.ts';
import { isPodReady } from '../replicaset/is-pod-available.ts';
import { replicaSetController } from '../replicaset/replica-set-controller.ts';
import { deploymentsRef, podsRef, replicaSetsRef } from '../replicaset/resource-refs.ts';
import { deploymentController } from './deployment-controller.ts';

let cluster: TestCluster;
let kit: ControllerTestKit;
let controllers: StartedController;

beforeAll(async () => {
  cluster = await startTestCluster();
  kit = controllerTestKit(cluster);
  controllers = kit.start(replicaSetController, deploymentController);
});
afterAll(async () => {
  await controllers.stop();
  await cluster.close();
});

function deployment(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
      },
      ...spec,
    },
  };
}

async function replicaSetsOf(app: string): Promise<KubeObject[]> {
  const list = await cluster.client.list(replicaSetsRef, {
    namespace: 'default',
    labelSelector: `app=${app}`,
  });
  return list.sort((a, b) => revisionOf(a) - revisionOf(b));
}

function revisionOf(rs: KubeObject): number {
  const annotations = (rs.metadata['annotations'] ?? {}) as Record<string, string>;
  return Number(annotations['deployment.kubernetes.io/revision'] ?? 0);
}

async function getDeployment(name: string): Promise<KubeObject> {
  const d = await cluster.client.get(deploymentsRef, { namespace: 'default', name });
  if (d === undefined) throw new Error(`deployment ${name} is gone`);
  return d;
}

/** Marks pods of `app` ready, `step` at a time, checking `invariant` after each step, until `done` settles. */
async function driveRollout(
  app: string,
  done: Promise<CommandResult>,
  invariant: () => Promise<void> = async () => {},
): Promise<CommandResult> {
  let finished: CommandResult | undefined;
  void done.then((r) => (finished = r));
  while (finished === undefined) {
    await invariant();
    const pending = (await kit.pods('default', { app })).filter((p) => !isPodReady(p));
    await kit.markReady(pending.slice(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return finished;
}

describe('the Deployment controller', () => {
  it('rolls out a new Deployment so that kubectl rollout status exits 0 once pods are ready', async () => {
    await cluster.client.create(deploymentsRef, 'default', deployment('web'));
    const status = cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    const result = await driveRollout('web', status);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('deployment "web" successfully rolled out');

    const [rs, ...others] = await replicaSetsOf('web');
    expect(others).toEqual([]);
    const hash = (rs?.metadata['labels'] as Record<string, string>)['pod-template-hash'];
    expect(metaString(rs as KubeObject, 'name')).toBe(`web-${String(hash)}`);
    expect(rs?.metadata['annotations']).toEqual({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(rs?.['spec']).toMatchObject({
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
    });
    const d = await getDeployment('web');
    expect(d.metadata['annotations']).toMatchObject({ 'deployment.kubernetes.io/revision': '1' });
    expect(d['status']).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: expect.arrayContaining([
        expect.objectContaining({
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        }),
        expect.objectContaining({
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        }),
      ]) as unknown,
    });
  });

  it('rolls a new image within maxSurge and maxUnavailable', async () => {
    const patched = await cluster.kubectl([
      'patch',
      'deployment/web',
      '-p',
      JSON.stringify({ spec: { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } }),
    ]);
    expect(patched.code, patched.stderr).toBe(0);
    const set = await cluster.kubectl(['set', 'image', 'deployment/web', 'c=busybox:2']);
    expect(set.code, set.stderr).toBe(0);
    let maxPods = 0;
    let minAvailable = Infinity;
    const invariant = async (): Promise<void> => {
      const sets = await replicaSetsOf('web');
      maxPods = Math.max(
        maxPods,
        sets.reduce((n, rs) => n + numberAt(rs, 'spec', 'replicas'), 0),
      );
      const ready = (await kit.pods('default', { app: 'web' })).filter(isPodReady).length;
      minAvailable = Math.min(minAvailable, ready);
    };
    const status = cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    const result = await driveRollout('web', status, invariant);
    expect(result.code, result.stderr).toBe(0);
    expect(maxPods).toBe(4);
    expect(minAvailable).toBe(3);
    const sets = await replicaSetsOf('web');
    expect(sets.map((rs) => [revisionOf(rs), numberAt(rs, 'spec', 'replicas')])).toEqual([
      [1, 0],
      [2, 3],
    ]);
    const pods = await kit.pods('default', { app: 'web' });
    expect(pods).toHaveLength(3);
  });

  it('scales with kubectl scale and rolls again on kubectl rollout restart', async () => {
    const scaled = await cluster.kubectl(['scale', 'deployment/web', '--replicas=5']);
    expect(scaled.code, scaled.stderr).toBe(0);
    const status = cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect((await driveRollout('web', status)).code).toBe(0);
    expect(await kit.pods('default', { app: 'web' })).toHaveLength(5);

    const restarted = await cluster.kubectl(['rollout', 'restart', 'deployment/web']);
    expect(restarted.code, restarted.stderr).toBe(0);
    const again = cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect((await driveRollout('web', again)).code).toBe(0);
    const sets = await replicaSetsOf('web');
    expect(sets.map((rs) => [revisionOf(rs), numberAt(rs, 'spec', 'replicas')])).toEqual([
      [1, 0],
      [2, 0],
      [3, 5],
    ]);
    const history = await cluster.kubectl(['rollout', 'history', 'deployment/web']);
    expect(history.stdout).toMatch(/1\s.*\n2\s.*\n3\s/);

    const undone = await cluster.kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=2']);
    expect(undone.code, undone.stderr).toBe(0);
    const back = cluster.kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect((await driveRollout('web', back)).code).toBe(0);
    const reused = (await replicaSetsOf('web')).at(-1);
    expect(reused?.metadata['annotations']).toMatchObject({
      'deployment.kubernetes.io/revision': '4',
      'deployment.kubernetes.io/revision-history': '2',
    });
    expect(numberAt(reused as KubeObject, 'spec', 'replicas')).toBe(5);
  });

  it('recreates: scales the old ReplicaSet to 0 and waits for its pods to be gone', async () => {
    // Bound pods (spec.nodeName) are deleted gracefully: they stay terminating without a node agent.
    const template = {
      metadata: { labels: { app: 'rec' } },
      spec: { nodeName: 'node-x', containers: [{ name: 'c', image: 'busybox:1' }] },
    };
    await cluster.client.create(
      deploymentsRef,
      'default',
      deployment('rec', { replicas: 2, strategy: { type: 'Recreate' }, template }),
    );
    const first = cluster.kubectl(['rollout', 'status', 'deployment/rec', '--timeout=30s']);
    expect((await driveRollout('rec', first)).code).toBe(0);
    const old = await kit.pods('default', { app: 'rec' });

    expect((await cluster.kubectl(['set', 'image', 'deployment/rec', 'c=busybox:2'])).code).toBe(0);
    await kit.eventually(async () => {
      const d = await getDeployment('rec');
      return (
        numberAt(d, 'status', 'observedGeneration') === 2 && numberAt(d, 'status', 'replicas') === 0
      );
    });
    const terminating = await cluster.client.list(podsRef, {
      namespace: 'default',
      labelSelector: 'app=rec',
    });
    expect(terminating.every((p) => typeof p.metadata['deletionTimestamp'] === 'string')).toBe(
      true,
    );
    expect(await replicaSetsOf('rec')).toHaveLength(1);

    for (const pod of old)
      await cluster.client.delete(
        podsRef,
        { namespace: 'default', name: metaString(pod, 'name') },
        { gracePeriodSeconds: 0 },
      );
    const second = cluster.kubectl(['rollout', 'status', 'deployment/rec', '--timeout=30s']);
    expect((await driveRollout('rec', second)).code).toBe(0);
    const sets = await replicaSetsOf('rec');
    expect(sets.map((rs) => [revisionOf(rs), numberAt(rs, 'spec', 'replicas')])).toEqual([
      [1, 0],
      [2, 2],
    ]);
  });

  it('keeps revisionHistoryLimit old ReplicaSets and holds a paused rollout', async () => {
    await cluster.client.create(
      deploymentsRef,
      'default',
      deployment('hist', { replicas: 1, revisionHistoryLimit: 1 }),
    );
    for (const image of ['busybox:2', 'busybox:3', 'busybox:4']) {
      const status = cluster.kubectl(['rollout', 'status', 'deployment/hist', '--timeout=30s']);
      expect((await driveRollout('hist', status)).code).toBe(0);
      expect((await cluster.kubectl(['set', 'image', 'deployment/hist', `c=${image}`])).code).toBe(
        0,
      );
    }
    const last = cluster.kubectl(['rollout', 'status', 'deployment/hist', '--timeout=30s']);
    expect((await driveRollout('hist', last)).code).toBe(0);
    const sets = await kit.eventually(async () => {
      const list = await replicaSetsOf('hist');
      return list.length === 2 ? list : undefined;
    });
    expect(sets.map(revisionOf)).toEqual([3, 4]);

    expect((await cluster.kubectl(['rollout', 'pause', 'deployment/hist'])).code).toBe(0);
    expect((await cluster.kubectl(['set', 'image', 'deployment/hist', 'c=busybox:5'])).code).toBe(
      0,
    );
    const paused = await kit.eventually(async () => {
      const d = await getDeployment('hist');
      return numberAt(d, 'status', 'observedGeneration') === numberAt(d, 'metadata', 'generation')
        ? d
        : undefined;
    });
    expect(paused['status']).toMatchObject({
      conditions: expect.arrayContaining([
        expect.objectContaining({
          type: 'Progressing',
          status: 'Unknown',
          reason: 'DeploymentPaused',
        }),
      ]) as unknown,
    });
    // Paused with a new template, every ReplicaSet is old: history is trimmed to the limit, no new one.
    expect((await replicaSetsOf('hist')).map(revisionOf)).toEqual([4]);
    expect((await cluster.kubectl(['rollout', 'resume', 'deployment/hist'])).code).toBe(0);
    const resumed = cluster.kubectl(['rollout', 'status', 'deployment/hist', '--timeout=30s']);
    expect((await driveRollout('hist', resumed)).code).toBe(0);
    expect((await replicaSetsOf('hist')).map(revisionOf)).toEqual([4, 5]);
  });

  it('reports ProgressDeadlineExceeded, which fails kubectl rollout status', async () => {
    await cluster.client.create(
      deploymentsRef,
      'default',
      deployment('stuck', { replicas: 1, progressDeadlineSeconds: 1 }),
    );
    const result = await cluster.kubectl([
      'rollout',
      'status',
      'deployment/stuck',
      '--timeout=30s',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('deployment "stuck" exceeded its progress deadline');
    const d = await getDeployment('stuck');
    expect(d['status']).toMatchObject({
      unavailableReplicas: 1,
      conditions: expect.arrayContaining([
        expect.objectContaining({
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
        }),
        expect.objectContaining({
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: expect.stringMatching(
            /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/,
          ) as unknown,
        }),
      ]) as unknown,
    });
  });
});

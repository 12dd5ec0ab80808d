// Lease-based leader election from @podvisor/kube against the real embedded API server.
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger, startLeaderElection, type LeaderElection } from '@podvisor/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../testing/test-cluster.ts';
import { until } from '../testing/wait.ts';

interface Candidate {
  readonly election: LeaderElection;
  readonly log: string[];
}

describe('startLeaderElection on the embedded API server', () => {
  let cluster: TestCluster;
  let kc: KubeConfig;
  const running: LeaderElection[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster();
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
  });
  afterAll(async () => {
    await Promise.all(running.map((e) => e.stop()));
    await cluster.close();
  });

  const candidate = (lease: string, identity: string, releaseOnStop = true): Candidate => {
    const log: string[] = [];
    const election = startLeaderElection({
      kubeConfig: kc,
      namespace: 'default',
      name: lease,
      identity,
      logger: createLogger({
        component: identity,
        level: 'debug',
        destination: join(cluster.dataDir, `${identity}.log`),
      }),
      leaseDurationMs: 2_000,
      renewDeadlineMs: 1_500,
      retryPeriodMs: 200,
      releaseOnStop,
      onStartedLeading: (signal) => {
        log.push('started');
        signal.addEventListener('abort', () => log.push('aborted'));
      },
      onStoppedLeading: () => log.push('stopped'),
    });
    running.push(election);
    return { election, log };
  };

  const holder = async (lease: string): Promise<Record<string, unknown>> => {
    const result = await cluster.kubectl(['get', 'lease', lease, '-n', 'default', '-o', 'json']);
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { spec: Record<string, unknown> }).spec;
  };

  it('elects one leader, and hands over when the leader stops renewing', async () => {
    const a = candidate('crash', 'a', false);
    await until(() => a.election.isLeader(), 'a to lead');
    const b = candidate('crash', 'b');
    await new Promise((r) => setTimeout(r, 600));
    expect(b.election.isLeader()).toBe(false);
    expect(await holder('crash')).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });

    await a.election.stop();
    expect(a.log).toEqual(['started', 'aborted', 'stopped']);
    await until(() => b.election.isLeader(), 'b to take over the expired lease');
    expect(b.log).toEqual(['started']);
    expect(await holder('crash')).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('clears the holder on stop, and the next candidate takes the released lease', async () => {
    const a = candidate('release', 'a2');
    await until(() => a.election.isLeader(), 'a2 to lead');
    await a.election.stop();
    expect(await holder('release')).toMatchObject({ holderIdentity: '', leaseTransitions: 0 });
    const b = candidate('release', 'b2');
    await until(() => b.election.isLeader(), 'b2 to take the released lease');
    expect(await holder('release')).toMatchObject({ holderIdentity: 'b2', leaseTransitions: 1 });
  });

  it('gives up leading when another candidate holds the lease', async () => {
    const a = candidate('stolen', 'a3');
    await until(() => a.election.isLeader(), 'a3 to lead');
    const patch = JSON.stringify({
      spec: {
        holderIdentity: 'intruder',
        renewTime: new Date().toISOString().replace('Z', '000Z'),
      },
    });
    const result = await cluster.kubectl([
      'patch',
      'lease',
      'stolen',
      '-n',
      'default',
      '--type=merge',
      '-p',
      patch,
    ]);
    expect(result.stderr).toBe('');
    await until(() => !a.election.isLeader(), 'a3 to notice the other holder');
    expect(a.log).toEqual(['started', 'aborted', 'stopped']);
  });
});

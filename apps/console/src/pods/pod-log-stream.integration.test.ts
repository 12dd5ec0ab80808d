// @vitest-environment node
// A followed pod log read the way the Logs tab reads it (fetch + a stream reader), through a real
// BFF, from a pod a real node agent runs: each line reaches the reader while the pod still runs,
// so neither the BFF nor the API server holds the chunked response back.
// eslint-disable-next-line import-x/no-nodejs-modules -- runs in Node: releases the pod's next line
import { writeFileSync } from 'node:fs';
// eslint-disable-next-line import-x/no-nodejs-modules -- runs in Node: paths inside the pod's root
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveTestBff, signInWithToken, type SignedIn, type TestBff } from '@podvisor/bff/testing';
import {
  addUser,
  startNodeAgent,
  startNodeStreaming,
  type NodeAgentOptions,
  type RunningNodeAgent,
} from '@podvisor/cluster';
import { eventually, startTestCluster, until, type TestCluster } from '@podvisor/cluster/testing';
import { KubeError } from '../k8s/kube-error.ts';
import { type PodLogFetch, type PodLogTarget, readPodLog } from './pod-log-stream.ts';

let cluster: TestCluster;
let agent: RunningNodeAgent;
let served: TestBff;
let session: SignedIn;

// The pod says "ready", then waits for a file in its root before saying "released".
const script =
  'echo ready; while [ ! -f "$PODVISOR_CONTAINER_ROOT/go" ]; do sleep 0.1; done; echo released; sleep 3600';

const podManifest = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'talker', namespace: 'default' },
  spec: {
    nodeName: 'node-1',
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', script] }],
  },
});

/**
 * A logger that drops everything: the console does not depend on the logging package, and the
 * agent only calls the level methods and `child`.
 */
function silentLogger(): NodeAgentOptions['logger'] {
  const drop = (): void => undefined;
  const logger = { debug: drop, info: drop, warn: drop, error: drop, child: () => logger };
  return logger as unknown as NodeAgentOptions['logger'];
}

/** The browser's fetch against the BFF: its origin, the session cookie. */
const browserFetch: PodLogFetch = (url, init) =>
  fetch(`${served.url}${url}`, {
    ...init,
    headers: { ...Object.fromEntries(new Headers(init.headers)), Cookie: session.cookie },
  });

async function kubectl(args: string[], stdin?: string): Promise<string> {
  const result = await cluster.kubectl(args, stdin === undefined ? {} : { stdin });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  agent = await startNodeAgent({
    dataDir: cluster.dataDir,
    nodeName: 'node-1',
    logger: silentLogger(),
    streamingServer: startNodeStreaming,
    podman: null,
    heartbeatMs: 1000,
  });
  const user = addUser({ dataDir: cluster.dataDir, name: 'vera', groups: [] });
  await kubectl(['create', 'rolebinding', 'vera-view', '--clusterrole=view', '--user=vera']);
  served = await serveTestBff(cluster.kubeconfigPath);
  session = await signInWithToken(served.url, user.token);
  await kubectl(['apply', '-f', '-'], podManifest);
  await eventually(
    async () =>
      (await kubectl(['get', 'pod', 'talker', '-o', 'jsonpath={.status.phase}'])) === 'Running'
        ? true
        : undefined,
    'the pod to run',
  );
}, 90_000);

afterAll(async () => {
  await served.close();
  await agent.close({ stopPods: true });
  await cluster.close();
});

const target: PodLogTarget = {
  namespace: 'default',
  name: 'talker',
  container: 'c',
  follow: true,
  previous: false,
};

describe('a followed pod log through the BFF', () => {
  it('reaches the reader line by line while the pod runs', async () => {
    const lines: string[] = [];
    const abort = new AbortController();
    const reading = readPodLog(target, {
      signal: abort.signal,
      onLines: (batch) => lines.push(...batch),
      fetch: browserFetch,
    });
    try {
      await until(() => lines.includes('ready'), 'the first line');
      expect(lines).not.toContain('released');
      const pod = JSON.parse(await kubectl(['get', 'pod', 'talker', '-o', 'json'])) as {
        metadata: { uid: string };
      };
      const podDir = agent.podDir(pod.metadata.uid);
      if (podDir === undefined) throw new Error('the pod is not on node-1');
      writeFileSync(join(podDir, 'containers', 'c', 'root', 'go'), '');
      await until(() => lines.includes('released'), 'the line written after the release');
      expect(lines).toEqual(['ready', 'released']);
    } finally {
      abort.abort();
      await reading;
    }
  }, 60_000);

  it("rejects with the API server's words for a container the pod does not have", async () => {
    const error = await readPodLog(
      { ...target, container: 'nope' },
      { signal: new AbortController().signal, onLines: () => undefined, fetch: browserFetch },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).code).toBe(400);
    expect((error as KubeError).message).toContain('nope');
  });
});

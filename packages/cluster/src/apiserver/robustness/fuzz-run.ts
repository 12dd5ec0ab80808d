import { type AnswerProblem, checkAnswer } from './check-answer.ts';
import type { ChildCluster } from './child-cluster.ts';
import { describeRequest, type FuzzRequest, fuzzRequest } from './fuzz-request.ts';
import type { KubeClient } from './kube-client.ts';

/** One bad answer (or missing answer) and the request that got it. */
export interface Finding {
  readonly request: string;
  readonly problem: string;
}

/** What a fuzz run found. */
export interface FuzzReport {
  readonly sent: number;
  readonly internalErrors: Finding[];
  readonly malformed: Finding[];
  /** Requests that got no answer while the server stayed healthy. */
  readonly unanswered: Finding[];
  /** Why the run stopped early: the server exited or stopped answering /healthz. */
  readonly died: string | undefined;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  readonly seed: number;
  readonly total: number;
  /** Requests in flight at once. */
  readonly lanes: number;
  /** Probe `/healthz` every this many requests. */
  readonly probeEvery: number;
}

interface RunState {
  next: number;
  sent: number;
  died: string | undefined;
  readonly recent: string[];
  readonly internalErrors: Finding[];
  readonly malformed: Finding[];
  readonly unanswered: Finding[];
}

async function healthy(client: KubeClient): Promise<string | undefined> {
  try {
    const res = await client.request({
      method: 'GET',
      path: '/healthz',
      // As the admin: the fuzz may delete the RBAC binding that lets anonymous users read /healthz.
      timeoutMs: 10_000,
    });
    return res.status === 200
      ? undefined
      : `/healthz answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`;
  } catch (error) {
    return `/healthz got no answer: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function record(state: RunState, request: FuzzRequest, problem: AnswerProblem): void {
  const finding = { request: describeRequest(request), problem: problem.detail };
  if (problem.kind === 'internal-error') state.internalErrors.push(finding);
  else state.malformed.push(finding);
}

function deathNotice(state: RunState, why: string): string {
  return `${why}\nlast requests sent:\n  ${state.recent.slice(-8).join('\n  ')}`;
}

async function sendOne(client: KubeClient, state: RunState, request: FuzzRequest): Promise<void> {
  state.recent.push(describeRequest(request));
  if (state.recent.length > 16) state.recent.shift();
  try {
    const answer = await client.request(request);
    const problem = checkAnswer(request, answer);
    if (problem !== undefined) record(state, request, problem);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const sick = await healthy(client);
    if (sick === undefined)
      state.unanswered.push({ request: describeRequest(request), problem: why });
    else state.died ??= deathNotice(state, `${sick} (after ${why})`);
  }
}

async function lane(client: KubeClient, state: RunState, options: FuzzOptions): Promise<void> {
  while (state.died === undefined && state.next < options.total) {
    const index = state.next++;
    await sendOne(client, state, fuzzRequest(options.seed, index));
    state.sent += 1;
    if (index % options.probeEvery !== options.probeEvery - 1) continue;
    const sick = await healthy(client);
    if (sick !== undefined) state.died ??= deathNotice(state, sick);
  }
}

/**
 * Sends requests 0…total-1 of the seeded run over `lanes` concurrent connections, probing
 * `/healthz` regularly, and stops early if the server process exits or stops answering.
 */
export async function runFuzz(
  client: KubeClient,
  cluster: ChildCluster,
  options: FuzzOptions,
): Promise<FuzzReport> {
  const state: RunState = {
    next: 0,
    sent: 0,
    died: undefined,
    recent: [],
    internalErrors: [],
    malformed: [],
    unanswered: [],
  };
  void cluster.exited.then(({ code, signal }) => {
    state.died ??= deathNotice(
      state,
      `the server exited (code ${String(code)}, signal ${String(signal)}):\n${cluster.output().slice(-3000)}`,
    );
  });
  await Promise.all(Array.from({ length: options.lanes }, () => lane(client, state, options)));
  const { sent, died, internalErrors, malformed, unanswered } = state;
  return { sent, died, internalErrors, malformed, unanswered };
}

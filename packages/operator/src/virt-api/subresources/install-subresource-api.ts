import type { ServerResponse } from 'node:http';
import type { VirtualMachineInstance } from '@podvisor/api';
import type { Logger } from '@podvisor/kube';
import { subresourceGroup } from '../discovery.ts';
import type { RemoteUser } from '../request-header-auth.ts';
import type { RouteContext, RouteHandler } from '../router.ts';
import type { UpgradeContext, VirtApi } from '../start-virt-api.ts';
import { checkUnpauseVm, checkVmiAction, vmiStreams, type VmiStream } from './check-vmi-action.ts';
import type { ClusterCalls } from './cluster-calls.ts';
import {
  decideMigrate,
  decideRestart,
  decideStart,
  decideStop,
  type LifecycleState,
  type PlannedWrite,
} from './decide-lifecycle.ts';
import type { HandlerClient } from './handler-client.ts';
import {
  parseDryRunOptions,
  parseMigrateOptions,
  parseRestartOptions,
  parseStartOptions,
  parseStopOptions,
  readOptionsBody,
} from './lifecycle-options.ts';
import {
  accessDenied,
  rbacVerb,
  type AccessAttributes,
  type AccessReviewer,
} from './subject-access-review.ts';
import {
  asSubresourceError,
  badRequestError,
  internalError,
  notFoundError,
  pathNotFoundError,
  sendFailure,
} from './subresource-error.ts';
import { clientHandshake, spliceWebSocket, writeSocketFailure } from './websocket-splice.ts';

/** The handler calls the subresources make (a {@link HandlerClient}). */
export type HandlerCalls = Pick<HandlerClient, 'put' | 'get' | 'openStream'>;

/** What {@link installSubresourceApi} needs. */
export interface SubresourceApiOptions {
  readonly cluster: ClusterCalls;
  readonly review: AccessReviewer;
  readonly handler: HandlerCalls;
  readonly logger: Logger;
}

/** The versions KubeVirt serves the subresources under. */
export const subresourceVersions = ['v1', 'v1alpha3'] as const;

type LifecycleVerb = 'start' | 'stop' | 'restart' | 'migrate';

interface LifecyclePlan {
  readonly dryRun: boolean;
  decide(state: LifecycleState): PlannedWrite[];
}

const lifecyclePlans: Readonly<Record<LifecycleVerb, (body: unknown) => LifecyclePlan>> = {
  start: (body) => {
    const options = parseStartOptions(body);
    return { dryRun: options.dryRun, decide: (state) => decideStart(state, options) };
  },
  stop: (body) => {
    const options = parseStopOptions(body);
    return { dryRun: options.dryRun, decide: (state) => decideStop(state, options) };
  },
  restart: (body) => {
    const options = parseRestartOptions(body);
    return { dryRun: options.dryRun, decide: (state) => decideRestart(state, options) };
  },
  migrate: (body) => {
    const options = parseMigrateOptions(body);
    return { dryRun: options.dryRun, decide: (state) => decideMigrate(state, options) };
  },
};

interface Target {
  readonly version: string;
  readonly namespace: string;
  readonly resource: 'virtualmachines' | 'virtualmachineinstances';
  readonly name: string;
  readonly subresource: string;
}

/** Authorizes `user` for `method` on the target with a SubjectAccessReview; throws the 403. */
async function authorize(
  options: SubresourceApiOptions,
  call: { method: string; user: RemoteUser | undefined; target: Target },
): Promise<void> {
  const { user, target } = call;
  if (user === undefined) throw internalError('the request names no user');
  const verb = rbacVerb(call.method);
  if (verb === undefined) throw badRequestError(`unknown http verb in request: ${call.method}`);
  const attributes: AccessAttributes = { ...target, verb, group: subresourceGroup };
  const decision = await options.review(user, attributes).catch((error: unknown) => {
    throw internalError(`cannot authorize the request: ${(error as Error).message}`);
  });
  if (!decision.allowed) throw accessDenied(user, attributes, decision.reason);
}

async function requireVmi(
  options: SubresourceApiOptions,
  target: Target,
): Promise<VirtualMachineInstance> {
  const vmi = await options.cluster.getVmi(target.namespace, target.name);
  if (vmi === undefined) throw notFoundError('virtualmachineinstance', target.name);
  return vmi;
}

function targetOf(
  context: RouteContext,
  version: string,
  resource: Target['resource'],
  subresource: string,
): Target {
  return {
    version,
    namespace: context.params['namespace'] ?? '',
    resource,
    name: context.params['name'] ?? '',
    subresource,
  };
}

/** Runs `work`, answering its SubresourceError (or a 500 for anything else) and logging the outcome. */
function respond(
  options: SubresourceApiOptions,
  context: RouteContext,
  work: () => Promise<void>,
): Promise<void> {
  const log = options.logger.child({
    path: context.url.pathname,
    method: context.req.method,
    user: context.user?.username,
  });
  return work().then(
    () => {
      log.info({ code: context.res.statusCode }, 'subresource request');
    },
    (error: unknown) => {
      const failure = asSubresourceError(error);
      if (failure.code >= 500) log.error({ err: error }, 'subresource request failed');
      else log.info({ code: failure.code, reason: failure.message }, 'subresource request refused');
      if (context.res.headersSent) context.res.destroy();
      else sendFailure(context.res, failure);
    },
  );
}

function lifecycleRoute(
  options: SubresourceApiOptions,
  version: string,
  verb: LifecycleVerb,
): RouteHandler {
  return (context) =>
    respond(options, context, async () => {
      const target = targetOf(context, version, 'virtualmachines', verb);
      await authorize(options, { method: 'PUT', user: context.user, target });
      const plan = lifecyclePlans[verb](await readOptionsBody(context.req));
      const { namespace, name } = target;
      const vm = await options.cluster.getVm(namespace, name);
      if (vm === undefined) throw notFoundError('virtualmachine', name);
      const vmi = await options.cluster.getVmi(namespace, name);
      for (const write of plan.decide({ vm, vmi })) {
        await options.cluster.write({ namespace, name, dryRun: plan.dryRun }, write);
      }
      context.res.writeHead(202).end();
    });
}

type PutAction = 'pause' | 'unpause' | 'softreboot' | 'reset';

function vmiPutRoute(
  options: SubresourceApiOptions,
  version: string,
  action: PutAction,
): RouteHandler {
  return (context) =>
    respond(options, context, async () => {
      const target = targetOf(context, version, 'virtualmachineinstances', action);
      await authorize(options, { method: 'PUT', user: context.user, target });
      const body = await readOptionsBody(context.req);
      const withDryRun = action === 'pause' || action === 'unpause';
      const kind = action === 'pause' ? 'PauseOptions' : 'UnpauseOptions';
      const { dryRun } = withDryRun ? parseDryRunOptions(body, kind) : { dryRun: false };
      if (action === 'unpause') {
        const refused = checkUnpauseVm(await options.cluster.getVm(target.namespace, target.name));
        if (refused !== undefined) throw refused;
      }
      const vmi = await requireVmi(options, target);
      const refused = checkVmiAction(action, vmi);
      if (refused !== undefined) throw refused;
      if (!dryRun) await options.handler.put(vmi, action);
      context.res.writeHead(200).end();
    });
}

function vmiGetRoute(
  options: SubresourceApiOptions,
  version: string,
  action: 'guestosinfo' | 'vnc/screenshot',
): RouteHandler {
  return (context) =>
    respond(options, context, async () => {
      const target = targetOf(context, version, 'virtualmachineinstances', action);
      await authorize(options, { method: 'GET', user: context.user, target });
      const vmi = await requireVmi(options, target);
      const refused = checkVmiAction(action, vmi);
      if (refused !== undefined) throw refused;
      const moveCursor = context.url.searchParams.get('moveCursor');
      const query = action === 'vnc/screenshot' && moveCursor === 'true' ? '?moveCursor=true' : '';
      const answer = await options.handler.get(vmi, action, query);
      sendBytes(context.res, answer.contentType, answer.body);
    });
}

/** A stream path requested without an upgrade: checked like a stream, then 400. */
function streamWithoutUpgradeRoute(
  options: SubresourceApiOptions,
  version: string,
  stream: VmiStream,
): RouteHandler {
  return (context) =>
    respond(options, context, async () => {
      const target = targetOf(context, version, 'virtualmachineinstances', stream);
      await authorize(options, { method: 'GET', user: context.user, target });
      const refused = checkVmiAction(stream, await requireVmi(options, target));
      if (refused !== undefined) throw refused;
      throw badRequestError(
        `websocket: the client is not using the websocket protocol: ${stream} is a websocket stream (subprotocol plain.kubevirt.io)`,
      );
    });
}

function sendBytes(res: ServerResponse, contentType: string, body: Buffer): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}

const streamPattern =
  /^\/apis\/subresources\.kubevirt\.io\/(v1|v1alpha3)\/namespaces\/([^/]+)\/virtualmachineinstances\/([^/]+)\/(console|vnc|spice)\/?$/;

/** The stream a path names, with its target, or `undefined`. */
export function streamTarget(path: string): (Target & { readonly stream: VmiStream }) | undefined {
  const match = streamPattern.exec(path);
  if (match === null) return undefined;
  const [, version = '', namespace = '', name = '', stream = ''] = match;
  const known = vmiStreams.find((s) => s === stream);
  try {
    return known === undefined
      ? undefined
      : {
          version,
          namespace: decodeURIComponent(namespace),
          resource: 'virtualmachineinstances',
          name: decodeURIComponent(name),
          subresource: known,
          stream: known,
        };
  } catch {
    return undefined;
  }
}

async function serveStream(options: SubresourceApiOptions, context: UpgradeContext): Promise<void> {
  const target = streamTarget(context.url.pathname);
  if (target === undefined) {
    throw pathNotFoundError();
  }
  await authorize(options, { method: context.req.method ?? 'GET', user: context.user, target });
  const handshake = clientHandshake(context.req);
  const vmi = await requireVmi(options, target);
  const refused = checkVmiAction(target.stream, vmi);
  if (refused !== undefined) throw refused;
  const upstream = await options.handler.openStream(vmi, target.stream);
  if (context.socket.destroyed) {
    upstream.socket.destroy();
    return;
  }
  spliceWebSocket(handshake, { socket: context.socket, head: context.head }, upstream);
  options.logger.info(
    {
      user: context.user?.username,
      namespace: target.namespace,
      name: target.name,
      stream: target.stream,
    },
    'stream opened',
  );
}

/** The upgrade handler of the streams (console, vnc, spice): a Status on the socket when refused. */
export function streamUpgradeHandler(
  options: SubresourceApiOptions,
): (context: UpgradeContext) => Promise<void> {
  return (context) =>
    serveStream(options, context).catch((error: unknown) => {
      const failure = asSubresourceError(error);
      const log = { path: context.url.pathname, user: context.user?.username };
      if (failure.code >= 500) options.logger.error({ ...log, err: error }, 'stream failed');
      else
        options.logger.info(
          { ...log, code: failure.code, reason: failure.message },
          'stream refused',
        );
      writeSocketFailure(context.socket, failure);
    });
}

/**
 * Serves KubeVirt's subresource API on a running virt-api, under `v1` and `v1alpha3`: the VM
 * lifecycle (PUT start, stop, restart, migrate: 202), the VMI actions (PUT pause, unpause,
 * softreboot, reset; GET guestosinfo, vnc/screenshot) through the VMI's virt-handler, and the
 * websocket streams console, vnc and spice spliced to the handler. Every request is first
 * authorized for the aggregator's user with a SubjectAccessReview (GET → get, PUT → update).
 */
export function installSubresourceApi(server: VirtApi, options: SubresourceApiOptions): void {
  for (const version of subresourceVersions) {
    const base = `/apis/${subresourceGroup}/${version}/namespaces/:namespace`;
    const vms = `${base}/virtualmachines/:name`;
    const vmis = `${base}/virtualmachineinstances/:name`;
    for (const verb of ['start', 'stop', 'restart', 'migrate'] as const) {
      server.router.add('PUT', `${vms}/${verb}`, lifecycleRoute(options, version, verb));
    }
    for (const action of ['pause', 'unpause', 'softreboot', 'reset'] as const) {
      server.router.add('PUT', `${vmis}/${action}`, vmiPutRoute(options, version, action));
    }
    for (const action of ['guestosinfo', 'vnc/screenshot'] as const) {
      server.router.add('GET', `${vmis}/${action}`, vmiGetRoute(options, version, action));
    }
    for (const stream of vmiStreams) {
      server.router.add(
        'GET',
        `${vmis}/${stream}`,
        streamWithoutUpgradeRoute(options, version, stream),
      );
    }
  }
  server.setUpgradeHandler(streamUpgradeHandler(options));
}

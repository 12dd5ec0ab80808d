import { isJsonObject, type Json, type KubeObject } from '../json.ts';
import { isBuiltinKind } from '../registry/resource-definition.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { getStored, updateObject } from '../service/update-object.ts';
import { writeOptions } from '../service/write-options.ts';
import { statusErrors } from '../status-error.ts';
import { decodeObjectBody, readBody } from './request-body.ts';
import type { ResourceCall } from './resource-routes.ts';
import { sendJson } from './responses.ts';

/** Pod subresources served by the node the pod runs on (its node agent). */
const nodeServed = new Set(['log', 'exec', 'attach', 'portforward']);

/** Whether a request is for a pod subresource handled here. */
export function isPodSubresource(call: ResourceCall): boolean {
  return (
    isBuiltinKind(call.def, '', 'Pod') &&
    call.target.name !== '' &&
    (nodeServed.has(call.target.subresource) || call.target.subresource === 'binding')
  );
}

function firstContainer(spec: Record<string, Json>): string {
  const containers = Array.isArray(spec['containers']) ? spec['containers'] : [];
  const first = containers[0];
  return isJsonObject(first) && typeof first['name'] === 'string' ? first['name'] : '';
}

/** `binding`: assigns the pod to a node (the scheduler's write); 409 when it is already bound. */
async function bind(ctx: ServiceContext, call: ResourceCall, pod: KubeObject): Promise<void> {
  const { def, target } = call;
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  if (call.req.method !== 'POST') throw statusErrors.methodNotAllowed('binding accepts only POST');
  const binding = decodeObjectBody(await readBody(call.req), call.req.headers['content-type']);
  const node =
    isJsonObject(binding) && isJsonObject(binding['target'])
      ? binding['target']['name']
      : undefined;
  if (typeof node !== 'string' || node === '') {
    throw statusErrors.invalid('Binding', target.name, [
      { reason: 'FieldValueRequired', field: 'target.name', message: 'Required value' },
    ]);
  }
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '') {
    throw statusErrors.conflict(
      'pods/binding',
      target.name,
      '',
      `pod ${target.name} is already assigned to node "${spec['nodeName']}"`,
    );
  }
  const next = structuredClone(pod);
  next['spec'] = { ...spec, nodeName: node };
  const options = writeOptions(call.query, call.req.headers['user-agent']);
  await updateObject(
    ctx,
    { def, namespace: target.namespace, name: target.name, subresource: '', options },
    pod,
    next,
  );
  sendJson(call.res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

/**
 * `log` is streamed from the node agent of the pod's node; `exec`, `attach` and `portforward` need
 * an upgrade (WebSocket or SPDY), handled by the server's upgrade listener, so a plain request
 * gets 400 as from kube-apiserver. `binding` assigns a node.
 */
export async function handlePodSubresource(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  const { def, target } = call;
  const pod = getStored(ctx, def, target.namespace, target.name);
  if (target.subresource === 'binding') {
    await bind(ctx, call, pod);
    return;
  }
  if (target.subresource !== 'log') throw statusErrors.badRequest('Upgrade request required');
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const nodeName = typeof spec['nodeName'] === 'string' ? spec['nodeName'] : '';
  if (call.podProxy === undefined || nodeName === '') {
    const container = call.query.get('container') ?? firstContainer(spec);
    throw statusErrors.badRequest(
      `container "${container}" in pod "${target.name}" is waiting to start: ContainerCreating`,
    );
  }
  const node = ctx.store.get(`/core/nodes//${nodeName}`);
  await call.podProxy.proxyLog(call.req, call.res, {
    pod,
    node,
    subresource: 'log',
    query: call.query,
  });
}

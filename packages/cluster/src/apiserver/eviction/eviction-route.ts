import { readBody } from '../http/request-body.ts';
import type { ResourceCall } from '../http/resource-routes.ts';
import { sendJson } from '../http/responses.ts';
import { isBuiltinKind } from '../registry/resource-definition.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { defaultFieldManager } from '../service/write-options.ts';
import { statusErrors } from '../status-error.ts';
import { decodeEvictionBody } from './eviction-body.ts';
import { evictPod } from './evict-pod.ts';

/** Whether a request is for `pods/{name}/eviction`. */
export function isEvictionRequest(call: ResourceCall): boolean {
  return (
    isBuiltinKind(call.def, '', 'Pod') &&
    call.target.name !== '' &&
    call.target.subresource === 'eviction'
  );
}

/**
 * `POST /api/v1/namespaces/{ns}/pods/{name}/eviction` (a policy/v1 Eviction, JSON or protobuf):
 * evicts the pod (see {@link evictPod}) and answers 201 with a Success Status, as kube-apiserver.
 */
export async function handleEviction(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  if (call.req.method !== 'POST') {
    throw statusErrors.methodNotAllowed(`${call.req.method ?? ''} is not supported on eviction`);
  }
  const eviction = decodeEvictionBody(await readBody(call.req), call.req.headers['content-type']);
  await evictPod(ctx, {
    podDef: call.def,
    namespace: call.target.namespace,
    name: call.target.name,
    eviction,
    query: call.query,
    user: call.user,
    fieldManager:
      call.query.get('fieldManager') ?? defaultFieldManager(call.req.headers['user-agent']),
  });
  sendJson(call.res, 201, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 201,
  });
}

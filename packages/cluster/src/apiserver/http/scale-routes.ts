import type { Json } from '../json.ts';
import { metaString } from '../objects/lifecycle.ts';
import { asObjectOfKind } from '../service/create-object.ts';
import { patchTypeOf } from '../service/patch-object.ts';
import { patchScale, replicasOf, scaleOf, withReplicas } from '../service/scale.ts';
import type { ServiceContext } from '../service/service-context.ts';
import { getStored, updateObject } from '../service/update-object.ts';
import { writeOptions } from '../service/write-options.ts';
import { statusErrors } from '../status-error.ts';
import { decodeObjectBody, parseJson, readBody } from './request-body.ts';
import type { ResourceCall } from './resource-routes.ts';
import { addWarnings, sendJson } from './responses.ts';

/** The `scale` subresource: GET, PUT and PATCH of an `autoscaling/v1` Scale mapped onto the object. */
export async function handleScale(ctx: ServiceContext, call: ResourceCall): Promise<void> {
  const { def, target } = call;
  const stored = getStored(ctx, def, target.namespace, target.name);
  if (call.req.method === 'GET') {
    sendJson(call.res, 200, scaleOf(def, stored));
    return;
  }
  const body = await readBody(call.req);
  const current = scaleOf(def, stored);
  let requested: Json;
  if (call.req.method === 'PUT') {
    requested = decodeObjectBody(body, call.req.headers['content-type']);
    const rv = metaString(
      asObjectOfKind(
        { ...def, kind: 'Scale', group: 'autoscaling', version: 'v1' },
        requested,
        target.namespace,
      ),
      'resourceVersion',
    );
    if (rv !== '' && rv !== metaString(stored, 'resourceVersion'))
      throw statusErrors.conflict(def.plural, target.name, def.group);
  } else if (call.req.method === 'PATCH') {
    const type = patchTypeOf(call.req.headers['content-type'], true);
    if (type === 'application/apply-patch+yaml')
      throw statusErrors.unsupportedMediaType(
        'application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json',
      );
    requested = patchScale(current, type, parseJson(body.toString('utf8'), 'the patch'));
  } else {
    throw statusErrors.methodNotAllowed(`${call.req.method ?? ''} is not supported on scale`);
  }
  const next = withReplicas(def, stored, replicasOf(requested));
  const options = {
    ...writeOptions(call.query, call.req.headers['user-agent']),
    ...(call.user === undefined ? {} : { user: call.user }),
  };
  const result = await updateObject(
    ctx,
    { def, namespace: target.namespace, name: target.name, subresource: '', options },
    stored,
    next,
  );
  addWarnings(call.res, result.warnings);
  sendJson(call.res, 200, scaleOf(def, result.object));
}

import type { Auth } from '../auth/index.ts';
import type { ClusterClient } from '../../controllers/cluster-client.ts';
import { handleTokenRequest } from '../../controllers/serviceaccounts/index.ts';
import { isBuiltinKind } from '../registry/resource-definition.ts';
import { statusErrors } from '../status-error.ts';
import { decodeObjectBody, readBody } from './request-body.ts';
import type { ResourceCall } from './resource-routes.ts';
import { sendJson } from './responses.ts';

/** Whether a request is for `serviceaccounts/{name}/token` (the TokenRequest subresource). */
export function isTokenRequest(call: ResourceCall): boolean {
  return (
    isBuiltinKind(call.def, '', 'ServiceAccount') &&
    call.target.name !== '' &&
    call.target.subresource === 'token'
  );
}

/** `POST serviceaccounts/{name}/token`: a bound, signed service-account token (`kubectl create token`). */
export async function serveTokenRequest(
  call: ResourceCall,
  deps: { client: ClusterClient; auth: Auth },
): Promise<void> {
  if (call.req.method !== 'POST') throw statusErrors.methodNotAllowed('token accepts only POST');
  const body = decodeObjectBody(await readBody(call.req), call.req.headers['content-type']);
  const answer = await handleTokenRequest({
    client: deps.client,
    sign: (input) => deps.auth.signServiceAccountToken(input),
    namespace: call.target.namespace,
    name: call.target.name,
    body,
    defaultAudiences: [deps.auth.issuer],
  });
  sendJson(call.res, 201, answer);
}

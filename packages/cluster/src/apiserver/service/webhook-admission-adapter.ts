import type { AdmissionRequest, WebhookAdmission } from '../admission/index.ts';
import type { KubeObject } from '../json.ts';
import { isBuiltinKind } from '../registry/resource-definition.ts';
import type { UserInfo } from '../user-info.ts';
import type { Admission, AdmissionAttributes } from './service-context.ts';

/** Who the server's own writes (bootstrap objects, in-process controllers) are admitted as. */
const serverUser: UserInfo = {
  name: 'system:apiserver',
  groups: ['system:masters', 'system:authenticated'],
};

function requestOf(a: AdmissionAttributes): AdmissionRequest {
  const namespaceItself = isBuiltinKind(a.def, '', 'Namespace') && a.operation !== 'CREATE';
  return {
    operation: a.operation,
    group: a.def.group,
    version: a.def.version,
    resource: a.def.plural,
    subresource: a.subresource === '' ? undefined : a.subresource,
    kind: { group: a.def.group, version: a.def.version, kind: a.def.kind },
    namespace: a.def.namespaced ? a.namespace : namespaceItself ? a.name : '',
    name: a.name,
    object: a.object,
    oldObject: a.oldObject,
    dryRun: a.dryRun,
    user: a.user ?? serverUser,
  };
}

/** The service layer's admission hook, answered by the admission webhooks. */
export function webhookAdmission(webhooks: WebhookAdmission): Admission {
  return {
    mutate: async (attributes) => {
      const outcome = await webhooks.mutate(requestOf(attributes));
      return { object: outcome.object as KubeObject | undefined, warnings: outcome.warnings };
    },
    validate: async (attributes) => ({
      warnings: (await webhooks.validate(requestOf(attributes))).warnings,
    }),
  };
}

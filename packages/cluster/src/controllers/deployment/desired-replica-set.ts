import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { numberAt, objectAt } from '../../apiserver/selectors/read-json.ts';
import { newControllerRef } from '../replicaset/controller-ref.ts';
import { podTemplateHashLabel } from './replica-set-view.ts';

/**
 * The Deployment's new ReplicaSet (`getNewReplicaSet`): named `<deployment>-<hash>`, its
 * template and labels those of the Deployment plus `pod-template-hash`, its selector the
 * Deployment's narrowed to that hash, controlled by the Deployment.
 */
export function desiredNewReplicaSet(
  d: KubeObject,
  options: { hash: string; replicas: number; annotations: Record<string, string> },
): KubeObject {
  const template = structuredClone(objectAt(d, 'spec', 'template') ?? {});
  const templateMeta = isJsonObject(template['metadata']) ? template['metadata'] : {};
  const labels: JsonObject = {
    ...(isJsonObject(templateMeta['labels']) ? templateMeta['labels'] : {}),
    [podTemplateHashLabel]: options.hash,
  };
  template['metadata'] = { ...templateMeta, labels };
  const selector = structuredClone(objectAt(d, 'spec', 'selector') ?? {});
  selector['matchLabels'] = {
    ...(isJsonObject(selector['matchLabels']) ? selector['matchLabels'] : {}),
    [podTemplateHashLabel]: options.hash,
  };
  const spec: JsonObject = { replicas: options.replicas, selector, template };
  const minReadySeconds = numberAt(d, 'spec', 'minReadySeconds');
  if (minReadySeconds !== 0) spec['minReadySeconds'] = minReadySeconds;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${metaString(d, 'name')}-${options.hash}`,
      namespace: metaString(d, 'namespace'),
      labels: { ...labels },
      annotations: options.annotations,
      ownerReferences: [newControllerRef(d)],
    },
    spec,
  };
}

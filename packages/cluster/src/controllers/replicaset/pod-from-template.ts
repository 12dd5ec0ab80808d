import { isJsonObject, type JsonObject, type KubeObject } from '../../apiserver/json.ts';
import { metaString } from '../../apiserver/objects/lifecycle.ts';
import { objectAt } from '../../apiserver/selectors/read-json.ts';
import { newControllerRef } from './controller-ref.ts';

/**
 * A new pod from a controller's pod template (`controller.GetPodFromTemplate`): named
 * `<owner>-<random>` through generateName, with the template's labels (plus `extraLabels`),
 * annotations, finalizers and spec, controlled by `owner`.
 */
export function podFromTemplate(options: {
  template: JsonObject;
  owner: KubeObject;
  extraLabels?: Readonly<Record<string, string>>;
}): KubeObject {
  const { template, owner } = options;
  const meta = objectAt(template, 'metadata') ?? {};
  const labels = isJsonObject(meta['labels']) ? structuredClone(meta['labels']) : {};
  Object.assign(labels, options.extraLabels);
  const metadata: JsonObject = {
    generateName: `${metaString(owner, 'name')}-`,
    namespace: metaString(owner, 'namespace'),
    labels,
    ownerReferences: [newControllerRef(owner)],
  };
  if (isJsonObject(meta['annotations']))
    metadata['annotations'] = structuredClone(meta['annotations']);
  if (Array.isArray(meta['finalizers']))
    metadata['finalizers'] = structuredClone(meta['finalizers']);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: structuredClone(objectAt(template, 'spec') ?? {}),
  };
}

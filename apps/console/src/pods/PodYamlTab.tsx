import type { ReactElement } from 'react';
import { ObjectYamlTab } from '../yaml/index.ts';
import type { PodResource } from './pod-resource.ts';

/** The YAML tab: the pod in the YAML editor (editable when the user may update it). */
export function PodYamlTab({ pod }: { readonly pod: PodResource }): ReactElement {
  return (
    <ObjectYamlTab
      kind="Pod"
      object={pod}
      locator={{
        group: '',
        version: 'v1',
        resource: 'pods',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name ?? '',
      }}
    />
  );
}

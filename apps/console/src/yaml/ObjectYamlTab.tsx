import { useMemo, type ReactElement } from 'react';
import { useAccess, type K8sObject, type ObjectLocator } from '../k8s/index.ts';
import { LazyResourceYamlEditor } from './LazyResourceYamlEditor.tsx';

/**
 * A details page's YAML tab: the object in the YAML editor, editable when the user may `update`
 * it (a SelfSubjectAccessReview), read-only with the reason otherwise. List and watch answers
 * may leave out `apiVersion` and `kind` (Kubernetes omits them in lists of built-in types), so
 * they come from `locator` and `kind`: the saved object must carry them.
 */
export function ObjectYamlTab({
  object,
  locator,
  kind,
}: {
  readonly object: K8sObject;
  readonly locator: ObjectLocator;
  readonly kind: string;
}): ReactElement {
  const apiVersion = locator.group === '' ? locator.version : `${locator.group}/${locator.version}`;
  const typed = useMemo(() => ({ ...object, apiVersion, kind }), [object, apiVersion, kind]);
  const [allowed, loading, reason] = useAccess({
    group: locator.group,
    resource: locator.resource,
    verb: 'update',
    namespace: locator.namespace,
    name: locator.name,
  });
  const why = loading ? 'Checking whether you may edit it…' : reason;
  return (
    <LazyResourceYamlEditor
      object={typed}
      locator={locator}
      canEdit={allowed}
      {...(allowed || why === undefined ? {} : { canEditReason: why })}
    />
  );
}

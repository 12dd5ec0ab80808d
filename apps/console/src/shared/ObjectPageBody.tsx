import { Alert, Skeleton } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import type { KubeError } from '../k8s/index.ts';

/** What {@link ObjectPageBody} shows: one watched object of a details page. */
export interface ObjectPageBodyProps<T> {
  /** The kind in words, lower case (`pod`, `virtual machine`). */
  readonly what: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: T | undefined;
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
  readonly children: (object: T) => ReactElement;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The body of a details page: the server's error, a skeleton while loading, a warning when the
 * object does not exist, else `children(object)`.
 */
export function ObjectPageBody<T>(props: ObjectPageBodyProps<T>): ReactElement {
  const { what, namespace, name, object, loaded, error } = props;
  if (error !== undefined)
    return (
      <Alert variant="danger" isInline title={`Could not load ${what} ${name}`}>
        {error.message}
      </Alert>
    );
  if (!loaded) return <Skeleton screenreaderText={`Loading the ${what}`} />;
  if (object === undefined)
    return (
      <Alert variant="warning" isInline title={`${capitalized(what)} ${name} not found`}>
        {`There is no ${what} ${name} in namespace ${namespace}.`}
      </Alert>
    );
  return props.children(object);
}

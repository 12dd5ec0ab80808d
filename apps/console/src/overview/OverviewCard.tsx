import {
  Alert,
  Card,
  CardBody,
  CardFooter,
  CardTitle,
  Skeleton,
  Title,
} from '@patternfly/react-core';
import { type ReactElement, type ReactNode, useId } from 'react';
import type { KubeError } from '../k8s/index.ts';

interface OverviewCardProps {
  readonly title: string;
  /** What the card lists, in the plural (`nodes`, `virtual machines`), for its messages. */
  readonly what: string;
  readonly loaded: boolean;
  readonly error: KubeError | undefined;
  readonly footer?: ReactNode;
  readonly children: ReactNode;
}

/** The card's failure: "You may not list …" for a 403, else "Could not load …"; the server's words. */
export function LoadError({
  what,
  error,
}: {
  readonly what: string;
  readonly error: KubeError;
}): ReactElement {
  const title = error.code === 403 ? `You may not list ${what}` : `Could not load ${what}`;
  return (
    <Alert variant={error.code === 403 ? 'info' : 'danger'} isInline isPlain title={title}>
      {error.message}
    </Alert>
  );
}

/**
 * One card of the Overview, a labelled region: a skeleton while its list loads, its own error
 * (the other cards keep working), else its content.
 */
export function OverviewCard(props: OverviewCardProps): ReactElement {
  const titleId = useId();
  const { error, loaded, what } = props;
  let body: ReactNode;
  if (error !== undefined) body = <LoadError what={what} error={error} />;
  else if (!loaded) body = <Skeleton screenreaderText={`Loading ${what}`} />;
  else body = props.children;
  return (
    <Card component="section" aria-labelledby={titleId} isFullHeight>
      <CardTitle>
        <Title headingLevel="h2" size="lg" id={titleId}>
          {props.title}
        </Title>
      </CardTitle>
      <CardBody>{body}</CardBody>
      {props.footer === undefined ? null : <CardFooter>{props.footer}</CardFooter>}
    </Card>
  );
}

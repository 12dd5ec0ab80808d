import { Alert, Button, Content, Flex, FlexItem } from '@patternfly/react-core';
import { SyncAltIcon } from '@patternfly/react-icons';
import { type ReactElement, useCallback, useEffect, useState } from 'react';
import { KubeError } from '../k8s/index.ts';
import { cleanSerialLog } from './clean-serial-log.ts';
import { k8sRawGet } from './k8s-raw-get.ts';

/** The launcher pod's container that streams the guest's serial log. */
export const serialLogContainer = 'guest-console-log';

/** How many of the log's last lines are read. */
export const serialLogLines = 500;

/** The API path of the last lines of a launcher pod's serial log. */
export function serialLogPath(namespace: string, pod: string): string {
  const query = new URLSearchParams({
    container: serialLogContainer,
    tailLines: String(serialLogLines),
  });
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log?${query.toString()}`;
}

type LogState =
  | { readonly state: 'loading'; readonly text: string | undefined }
  | { readonly state: 'loaded'; readonly text: string; readonly at: number }
  | { readonly state: 'failed'; readonly error: KubeError };

function asKubeError(error: unknown): KubeError {
  return error instanceof KubeError
    ? error
    : new KubeError({ code: 0, reason: 'Unknown', message: String(error) });
}

/**
 * Reads the log of `pod` (again on each `refresh`); aborts a read that is no longer wanted. The
 * caller remounts it (by `key`) for another pod.
 */
function useSerialLog(namespace: string, pod: string): [LogState, () => void] {
  const [log, setLog] = useState<LogState>({ state: 'loading', text: undefined });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const aborter = new AbortController();
    k8sRawGet(serialLogPath(namespace, pod), { accept: 'text/plain', signal: aborter.signal })
      .then((response) => response.text())
      .then((text) => {
        setLog({ state: 'loaded', text: cleanSerialLog(text), at: Date.now() });
      })
      .catch((error: unknown) => {
        if (!aborter.signal.aborted) setLog({ state: 'failed', error: asKubeError(error) });
      });
    return () => {
      aborter.abort();
    };
  }, [namespace, pod, generation]);
  const refresh = useCallback(() => {
    // Keeps the text shown while it is read again.
    setLog((previous) => ({
      state: 'loading',
      text: previous.state === 'failed' ? undefined : previous.text,
    }));
    setGeneration((value) => value + 1);
  }, []);
  return [log, refresh];
}

function LogBody({ log, name }: { readonly log: LogState; readonly name: string }): ReactElement {
  if (log.state === 'failed')
    return (
      <Alert variant="danger" isInline title="Could not read the serial log">
        {log.error.message}
      </Alert>
    );
  if (log.text === undefined) return <Content component="p">Reading the serial log…</Content>;
  if (log.text === '') return <Content component="p">The serial log is empty.</Content>;
  return (
    <pre
      aria-label={`Serial log of ${name}`}
      tabIndex={0}
      style={{ maxHeight: '32rem', overflow: 'auto', whiteSpace: 'pre-wrap' }}
    >
      {log.text}
    </pre>
  );
}

function LoadedLog(props: {
  readonly namespace: string;
  readonly pod: string;
  readonly name: string;
}): ReactElement {
  const { namespace, pod, name } = props;
  const [log, refresh] = useSerialLog(namespace, pod);
  return (
    <>
      <Flex alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Content component="small">
            The last {serialLogLines} lines of container {serialLogContainer} in pod {pod}
            {log.state === 'loaded' ? `, read at ${new Date(log.at).toLocaleTimeString()}` : ''}.
          </Content>
        </FlexItem>
        <FlexItem>
          <Button
            variant="secondary"
            icon={<SyncAltIcon />}
            onClick={refresh}
            isLoading={log.state === 'loading'}
            isDisabled={log.state === 'loading'}
          >
            Refresh
          </Button>
        </FlexItem>
      </Flex>
      <LogBody log={log} name={name} />
    </>
  );
}

/**
 * The guest's serial log: the last lines of the launcher pod's `guest-console-log` container,
 * with a Refresh button; a message when there is no launcher pod, the server's message when the
 * log cannot be read (such as a 403 for a user who may not read pod logs).
 */
export function VmSerialLog(props: {
  readonly namespace: string;
  readonly name: string;
  /** The launcher pod (see `useLauncherPod`), `undefined` when there is none. */
  readonly pod: string | undefined;
  /** Whether a VMI exists (then a missing pod is still to come). */
  readonly hasVmi: boolean;
}): ReactElement {
  const { namespace, name, pod, hasVmi } = props;
  if (pod === undefined)
    return (
      <Alert variant="info" isInline title="No serial log">
        {hasVmi
          ? `The launcher pod of ${name} is not there yet; its serial log is shown once it runs.`
          : `${name} is not running: there is no launcher pod to read its serial log from.`}
      </Alert>
    );
  return <LoadedLog key={`${namespace}/${pod}`} namespace={namespace} pod={pod} name={name} />;
}

import {
  Alert,
  Button,
  Checkbox,
  FormSelect,
  FormSelectOption,
  FormSelectOptionGroup,
  Skeleton,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { type ReactElement, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { defaultContainer } from './pod-containers.ts';
import type { PodLogTarget } from './pod-log-stream.ts';
import type { PodResource } from './pod-resource.ts';
import { podLogMaxLines, type PodLogState, usePodLog } from './use-pod-log.ts';

/** The container a virt-launcher pod writes the guest's serial console log to. */
export const guestConsoleLogContainer = 'guest-console-log';

/** The search parameter holding the chosen container. */
export const containerParam = 'container';

function useContainer(pod: PodResource): [string | undefined, (name: string) => void] {
  const [params, setParams] = useSearchParams();
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map(
    (container) => container.name,
  );
  const chosen = params.get(containerParam);
  const container = chosen !== null && names.includes(chosen) ? chosen : defaultContainer(pod);
  const set = (name: string): void => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set(containerParam, name);
        return next;
      },
      { replace: true },
    );
  };
  return [container, set];
}

function optionLabel(name: string): string {
  return name === guestConsoleLogContainer ? `${name} (guest serial log)` : name;
}

function ContainerSelect(props: {
  readonly pod: PodResource;
  readonly value: string;
  readonly onChange: (name: string) => void;
}): ReactElement {
  const { pod, value, onChange } = props;
  const init = pod.spec?.initContainers ?? [];
  return (
    <FormSelect
      aria-label="Container"
      value={value}
      onChange={(_event, next) => {
        onChange(next);
      }}
    >
      <FormSelectOptionGroup label="Containers">
        {(pod.spec?.containers ?? []).map(({ name }) => (
          <FormSelectOption key={name} value={name} label={optionLabel(name)} />
        ))}
      </FormSelectOptionGroup>
      {init.length === 0 ? null : (
        <FormSelectOptionGroup label="Init containers">
          {init.map(({ name }) => (
            <FormSelectOption key={name} value={name} label={name} />
          ))}
        </FormSelectOptionGroup>
      )}
    </FormSelect>
  );
}

function download(fileName: string, lines: readonly string[]): void {
  const url = URL.createObjectURL(new Blob([lines.join('\n')], { type: 'text/plain' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** The log text, capped at the last lines, scrolled to the end while following. */
function LogView(props: {
  readonly log: PodLogState;
  readonly wrap: boolean;
  readonly follow: boolean;
}): ReactElement {
  const { log, wrap, follow } = props;
  const ref = useRef<HTMLPreElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (follow && element !== null) element.scrollTop = element.scrollHeight;
  }, [log.lines, follow]);
  return (
    <>
      {log.dropped > 0 ? (
        <p>{`Showing the last ${podLogMaxLines.toLocaleString('en')} lines.`}</p>
      ) : null}
      <pre
        ref={ref}
        aria-label="Pod logs"
        tabIndex={0}
        style={{
          maxHeight: '60vh',
          overflow: 'auto',
          whiteSpace: wrap ? 'pre-wrap' : 'pre',
          wordBreak: wrap ? 'break-all' : 'normal',
        }}
      >
        {log.lines.join('\n')}
      </pre>
    </>
  );
}

interface LogOptions {
  readonly follow: boolean;
  readonly previous: boolean;
  readonly wrap: boolean;
}

function LogToolbar(props: {
  readonly pod: PodResource;
  readonly container: string;
  readonly onContainer: (name: string) => void;
  readonly options: LogOptions;
  readonly onOptions: (options: LogOptions) => void;
  readonly onDownload: () => void;
}): ReactElement {
  const { options, onOptions } = props;
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <ContainerSelect pod={props.pod} value={props.container} onChange={props.onContainer} />
        </ToolbarItem>
        <ToolbarItem>
          <Switch
            id="pod-log-follow"
            label="Follow"
            isChecked={options.follow}
            onChange={(_event, follow) => {
              onOptions({ ...options, follow });
            }}
          />
        </ToolbarItem>
        <ToolbarItem>
          <Checkbox
            id="pod-log-previous"
            label="Previous container"
            isChecked={options.previous}
            onChange={(_event, previous) => {
              onOptions({ ...options, previous });
            }}
          />
        </ToolbarItem>
        <ToolbarItem>
          <Switch
            id="pod-log-wrap"
            label="Wrap lines"
            isChecked={options.wrap}
            onChange={(_event, wrap) => {
              onOptions({ ...options, wrap });
            }}
          />
        </ToolbarItem>
        <ToolbarItem>
          <Button variant="secondary" icon={<DownloadIcon />} onClick={props.onDownload}>
            Download
          </Button>
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}

function LogBody(props: { readonly log: PodLogState; readonly options: LogOptions }) {
  const { log, options } = props;
  return (
    <>
      {log.error === undefined ? null : (
        <Alert variant="danger" isInline title="Could not read the log">
          {log.error}
        </Alert>
      )}
      {log.loading ? (
        <Skeleton screenreaderText="Loading the log" />
      ) : (
        <LogView log={log} wrap={options.wrap} follow={options.follow && log.streaming} />
      )}
    </>
  );
}

/**
 * The Logs tab: a container picker (init containers too; a launcher's `guest-console-log` is the
 * guest's serial log), follow (streamed), the previous run's log, line wrapping and download.
 */
export function PodLogsTab({ pod }: { readonly pod: PodResource }): ReactElement {
  const [container, setContainer] = useContainer(pod);
  const [options, setOptions] = useState<LogOptions>({
    follow: true,
    previous: false,
    wrap: false,
  });
  const namespace = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  const target = useMemo<PodLogTarget | null>(
    () =>
      container === undefined
        ? null
        : { namespace, name, container, follow: options.follow, previous: options.previous },
    [namespace, name, container, options.follow, options.previous],
  );
  const log = usePodLog(target);
  if (container === undefined) return <p>This pod has no containers.</p>;
  return (
    <>
      <LogToolbar
        pod={pod}
        container={container}
        onContainer={setContainer}
        options={options}
        onOptions={setOptions}
        onDownload={() => {
          download(`${name}-${container}.log`, log.lines);
        }}
      />
      {container === guestConsoleLogContainer ? (
        <p>{"The guest's serial console output, as the VM's launcher records it."}</p>
      ) : null}
      <LogBody log={log} options={options} />
    </>
  );
}

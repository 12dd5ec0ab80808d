import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import {
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Title,
} from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { type DataColumn, DataTable } from '../shared/DataTable.tsx';
import { formatAge } from '../shared/format-age.ts';
import { LocalTime } from '../shared/Timestamp.tsx';
import { useNow } from '../shared/use-now.ts';
import { useLauncherPod } from './use-launcher-pod.ts';
import { vmStatus } from './vm-actions.ts';
import { timestampMs, vmiPhaseTransitions } from './vm-conditions.ts';
import { VmConditionsTable } from './VmConditionsTable.tsx';
import { VmSerialLog } from './VmSerialLog.tsx';

const missing = '-';

function Heading({ children }: { readonly children: ReactNode }): ReactElement {
  return (
    <Title headingLevel="h2" size="lg" style={{ marginBlock: '1.5rem 0.5rem' }}>
      {children}
    </Title>
  );
}

function Summary({
  vm,
  vmi,
}: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const phase = vmi?.status?.phase;
  const reason = vmi?.status?.reason;
  const failure = vm.status?.startFailure;
  return (
    <section aria-label="Status">
      <DescriptionList isHorizontal isCompact>
        <DescriptionListGroup>
          <DescriptionListTerm>Status</DescriptionListTerm>
          <DescriptionListDescription>{vmStatus(vm)}</DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Instance phase</DescriptionListTerm>
          <DescriptionListDescription>
            {phase === undefined || phase === '' ? 'No instance' : phase}
            {reason === undefined ? '' : ` (${reason})`}
          </DescriptionListDescription>
        </DescriptionListGroup>
        {failure?.consecutiveFailCount === undefined ? null : (
          <DescriptionListGroup>
            <DescriptionListTerm>Failed starts in a row</DescriptionListTerm>
            <DescriptionListDescription>
              {failure.consecutiveFailCount}
              {failure.retryAfterTimestamp === undefined ? null : (
                <>
                  ; next try at <LocalTime at={timestampMs(failure.retryAfterTimestamp)} />
                </>
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
        )}
      </DescriptionList>
    </section>
  );
}

type StateChangeRequest = NonNullable<
  NonNullable<VirtualMachine['status']>['stateChangeRequests']
>[number];

const requestColumns: readonly DataColumn<StateChangeRequest>[] = [
  { title: 'Action', cell: (request) => request.action },
  { title: 'Instance UID', cell: (request) => request.uid ?? missing },
];

function StateChangeRequests({ vm }: { readonly vm: VirtualMachine }): ReactElement | null {
  const requests = vm.status?.stateChangeRequests ?? [];
  if (requests.length === 0) return null;
  return (
    <>
      <Heading>Pending state changes</Heading>
      <DataTable
        label="Pending state changes"
        columns={requestColumns}
        rows={requests}
        rowKey={(request, index) => `${request.action}/${String(index)}`}
      />
    </>
  );
}

type PhaseTransition = ReturnType<typeof vmiPhaseTransitions>[number];

function transitionColumns(now: number): readonly DataColumn<PhaseTransition>[] {
  return [
    { title: 'Phase', cell: (transition) => transition.phase },
    { title: 'Entered', cell: (transition) => <LocalTime at={transition.at} /> },
    { title: 'Age', cell: (transition) => formatAge(transition.at, now) },
  ];
}

function PhaseTransitions(props: {
  readonly vmi: VirtualMachineInstance | undefined;
  readonly now: number;
}): ReactElement {
  const transitions = vmiPhaseTransitions(props.vmi);
  if (transitions.length === 0)
    return <Content component="p">No instance phase transitions recorded.</Content>;
  return (
    <DataTable
      label="Instance phase transitions"
      columns={transitionColumns(props.now)}
      rows={transitions}
      rowKey={(transition) => `${transition.phase}/${String(transition.at)}`}
    />
  );
}

/**
 * The Diagnostics tab: the status, the conditions of the VM and its VMI (with severity, reason,
 * message and age), pending start/stop requests, the VMI's phase transitions and the guest's
 * serial log from its launcher pod.
 */
export function VmDiagnosticsTab({
  vm,
  vmi,
}: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const now = useNow(10_000);
  const pod = useLauncherPod(namespace, name, vmi);
  return (
    <>
      <Summary vm={vm} vmi={vmi} />
      <Heading>Conditions</Heading>
      <VmConditionsTable vm={vm} vmi={vmi} now={now} />
      <StateChangeRequests vm={vm} />
      <Heading>Instance phase transitions</Heading>
      <PhaseTransitions vmi={vmi} now={now} />
      <Heading>Serial log</Heading>
      <VmSerialLog namespace={namespace} name={name} pod={pod} hasVmi={vmi !== undefined} />
    </>
  );
}

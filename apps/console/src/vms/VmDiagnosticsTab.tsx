import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import {
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Label,
  type LabelProps,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement, ReactNode } from 'react';
import { formatAge } from '../shared/format-age.ts';
import { useNow } from '../shared/use-now.ts';
import { useLauncherPod } from './use-launcher-pod.ts';
import { vmStatus } from './vm-actions.ts';
import {
  type ConditionSeverity,
  timestampMs,
  vmConditionRows,
  vmiPhaseTransitions,
} from './vm-conditions.ts';
import { VmSerialLog } from './VmSerialLog.tsx';

const missing = '-';

function Heading({ children }: { readonly children: ReactNode }): ReactElement {
  return (
    <Title headingLevel="h2" size="lg" style={{ marginBlock: '1.5rem 0.5rem' }}>
      {children}
    </Title>
  );
}

function Time({ at }: { readonly at: number | undefined }): ReactNode {
  if (at === undefined) return missing;
  const date = new Date(at);
  return <time dateTime={date.toISOString()}>{date.toLocaleString()}</time>;
}

const severityColor: Readonly<Record<ConditionSeverity, NonNullable<LabelProps['color']>>> = {
  ok: 'green',
  info: 'grey',
  warning: 'orange',
  danger: 'red',
};

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
                  ; next try at <Time at={timestampMs(failure.retryAfterTimestamp)} />
                </>
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
        )}
      </DescriptionList>
    </section>
  );
}

function ConditionsTable(props: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
  readonly now: number;
}): ReactElement {
  const rows = vmConditionRows(props.vm, props.vmi);
  if (rows.length === 0) return <Content component="p">No conditions reported.</Content>;
  return (
    <Table aria-label="Conditions" variant="compact">
      <Thead>
        <Tr>
          <Th>Object</Th>
          <Th>Type</Th>
          <Th>Status</Th>
          <Th>Reason</Th>
          <Th>Message</Th>
          <Th>Last transition</Th>
          <Th>Age</Th>
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((row) => (
          <Tr key={row.key}>
            <Td dataLabel="Object">{row.object}</Td>
            <Td dataLabel="Type">{row.type}</Td>
            <Td dataLabel="Status">
              <Label isCompact color={severityColor[row.severity]}>
                {row.status}
              </Label>
            </Td>
            <Td dataLabel="Reason">{row.reason ?? missing}</Td>
            <Td dataLabel="Message" modifier="breakWord">
              {row.message ?? missing}
            </Td>
            <Td dataLabel="Last transition">
              <Time at={row.lastTransition} />
            </Td>
            <Td dataLabel="Age">
              {row.lastTransition === undefined
                ? missing
                : formatAge(row.lastTransition, props.now)}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function StateChangeRequests({ vm }: { readonly vm: VirtualMachine }): ReactElement | null {
  const requests = vm.status?.stateChangeRequests ?? [];
  if (requests.length === 0) return null;
  return (
    <>
      <Heading>Pending state changes</Heading>
      <Table aria-label="Pending state changes" variant="compact">
        <Thead>
          <Tr>
            <Th>Action</Th>
            <Th>Instance UID</Th>
          </Tr>
        </Thead>
        <Tbody>
          {requests.map((request, index) => (
            <Tr key={`${request.action}/${String(index)}`}>
              <Td dataLabel="Action">{request.action}</Td>
              <Td dataLabel="Instance UID">{request.uid ?? missing}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </>
  );
}

function PhaseTransitions(props: {
  readonly vmi: VirtualMachineInstance | undefined;
  readonly now: number;
}): ReactElement {
  const transitions = vmiPhaseTransitions(props.vmi);
  if (transitions.length === 0)
    return <Content component="p">No instance phase transitions recorded.</Content>;
  return (
    <Table aria-label="Instance phase transitions" variant="compact">
      <Thead>
        <Tr>
          <Th>Phase</Th>
          <Th>Entered</Th>
          <Th>Age</Th>
        </Tr>
      </Thead>
      <Tbody>
        {transitions.map((transition) => (
          <Tr key={`${transition.phase}/${String(transition.at)}`}>
            <Td dataLabel="Phase">{transition.phase}</Td>
            <Td dataLabel="Entered">
              <Time at={transition.at} />
            </Td>
            <Td dataLabel="Age">{formatAge(transition.at, props.now)}</Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
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
      <ConditionsTable vm={vm} vmi={vmi} now={now} />
      <StateChangeRequests vm={vm} />
      <Heading>Instance phase transitions</Heading>
      <PhaseTransitions vmi={vmi} now={now} />
      <Heading>Serial log</Heading>
      <VmSerialLog namespace={namespace} name={name} pod={pod} hasVmi={vmi !== undefined} />
    </>
  );
}

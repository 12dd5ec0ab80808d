import type { VirtualMachine } from '@podvisor/api';
import {
  Alert,
  ClipboardCopy,
  Content,
  EmptyState,
  EmptyStateBody,
  Label,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { type ReactElement, type ReactNode, useId } from 'react';
import { Link } from 'react-router';
import type { KubeError } from '../k8s/index.ts';
import { podHref } from '../pods/pod-href.ts';
import { ListBody } from '../shared/ListBody.tsx';
import type { ConnectedPod, ConnectedServiceRow } from './connected-service-rows.ts';
import { useConnectedServices } from './use-connected-services.ts';

const missing = '-';
const plainList = { listStyle: 'none', padding: 0, margin: 0 } as const;

function PlainList({ items }: { readonly items: readonly ReactNode[] }): ReactNode {
  if (items.length === 0) return missing;
  return (
    <ul style={plainList}>
      {items.map((item, index) => (
        <li key={index}>{item}</li>
      ))}
    </ul>
  );
}

function PodItem({ namespace, pod }: { readonly namespace: string; readonly pod: ConnectedPod }) {
  return (
    <>
      {pod.isPod ? <Link to={podHref(namespace, pod.name)}>{pod.name}</Link> : pod.name}
      {pod.thisVm ? (
        <>
          {' '}
          <Label isCompact color="blue">
            this VM
          </Label>
        </>
      ) : null}
      {pod.ready ? null : (
        <>
          {' '}
          <Label isCompact color="orange">
            not ready
          </Label>
        </>
      )}
    </>
  );
}

function PodsCell(props: {
  readonly namespace: string;
  readonly pods: readonly ConnectedPod[] | undefined;
}): ReactNode {
  const { namespace, pods } = props;
  if (pods === undefined) return missing;
  if (pods.length === 0) return 'No pods';
  return (
    <PlainList
      items={pods.map((pod) => (
        <PodItem key={pod.name} namespace={namespace} pod={pod} />
      ))}
    />
  );
}

function clusterIpText(clusterIP: string | undefined): string {
  if (clusterIP === undefined) return missing;
  return clusterIP === 'None' ? 'None (headless)' : clusterIP;
}

function ServicesTable(props: {
  readonly namespace: string;
  readonly rows: readonly ConnectedServiceRow[];
}): ReactElement {
  return (
    <Table aria-label="Connected services" variant="compact">
      <Thead>
        <Tr>
          <Th>Name</Th>
          <Th>Type</Th>
          <Th>Cluster IP</Th>
          <Th>Ports</Th>
          <Th>Pods</Th>
        </Tr>
      </Thead>
      <Tbody>
        {props.rows.map((row) => (
          <Tr key={row.name}>
            <Td dataLabel="Name">{row.name}</Td>
            <Td dataLabel="Type">{row.type}</Td>
            <Td dataLabel="Cluster IP">{clusterIpText(row.clusterIP)}</Td>
            <Td dataLabel="Ports">
              <PlainList items={row.ports} />
            </Td>
            <Td dataLabel="Pods">
              <PodsCell namespace={props.namespace} pods={row.pods} />
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function NoService({ namespace, name }: { readonly namespace: string; readonly name: string }) {
  return (
    <EmptyState variant="sm" headingLevel="h3" titleText="No Service selects this VM">
      <EmptyStateBody>
        Expose it to the pods of its namespace by name with a Service:
        <ClipboardCopy
          isReadOnly
          isCode
          hoverTip="Copy"
          clickTip="Copied"
          textAriaLabel="Command that exposes the virtual machine"
          copyAriaLabel="Copy the command"
        >
          {`kubectl virt expose vm ${name} -n ${namespace} --name ${name} --port 80`}
        </ClipboardCopy>
      </EmptyStateBody>
    </EmptyState>
  );
}

function EndpointsError({ error }: { readonly error: KubeError | undefined }): ReactNode {
  if (error === undefined) return null;
  const forbidden = error.code === 403;
  return (
    <Alert
      variant={forbidden ? 'info' : 'danger'}
      isInline
      isPlain
      title={
        forbidden
          ? 'You may not list endpoints: the pods each Service connects are not shown'
          : 'Could not load endpoints'
      }
    >
      {error.message}
    </Alert>
  );
}

/**
 * The Network tab's "Connected services" panel, live: the Services of the VM's namespace that
 * select its launcher pod, each with its type, cluster IP, ports and the pods its Endpoints
 * connect (the VM's own marked "this VM"); an empty state with the `kubectl virt expose` command;
 * the server's words, in place of the table, when the user may not list Services.
 */
export function VmConnectedServices({ vm }: { readonly vm: VirtualMachine }): ReactElement {
  const titleId = useId();
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  const { rows, loaded, servicesError, endpointsError, running } = useConnectedServices(vm);
  return (
    <section aria-labelledby={titleId}>
      <Title headingLevel="h2" size="lg" id={titleId} style={{ marginBlock: '1.5rem 0.5rem' }}>
        Connected services
      </Title>
      <ListBody what="services" loaded={loaded} error={servicesError}>
        {rows.length === 0 ? (
          <NoService namespace={namespace} name={name} />
        ) : (
          <>
            {running ? null : (
              <Content component="p">
                The virtual machine is not running: these Services select the labels its launcher
                pod will carry.
              </Content>
            )}
            <EndpointsError error={endpointsError} />
            <ServicesTable namespace={namespace} rows={rows} />
          </>
        )}
      </ListBody>
    </section>
  );
}

import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import {
  DescriptionList,
  Flex,
  FlexItem,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Title,
} from '@patternfly/react-core';
import type { ReactElement, ReactNode } from 'react';
import { Link } from 'react-router';
import { podHref } from '../pods/pod-href.ts';
import { useLauncherPod } from './use-launcher-pod.ts';
import { vmRunStrategy, vmStatus } from './vm-actions.ts';
import { vmCpu, vmiIp, vmMemory } from './vm-rows.ts';
import { VmConditionsTable } from './VmConditionsTable.tsx';
import { VmScreenshot } from './VmScreenshot.tsx';

const missing = '-';

function Item({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>{children}</DescriptionListDescription>
    </DescriptionListGroup>
  );
}

function Created({ at }: { readonly at: string | undefined }): ReactNode {
  return at === undefined ? missing : <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

/**
 * The Overview tab: status, node, IP, launcher pod, run strategy, CPU/memory, created, a live
 * screenshot, conditions.
 */
export function VmOverviewTab({
  vm,
  vmi,
}: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const namespace = vm.metadata.namespace ?? '';
  const launcher = useLauncherPod(namespace, vm.metadata.name ?? '', vmi);
  return (
    <>
      <Flex alignItems={{ default: 'alignItemsFlexStart' }}>
        <FlexItem grow={{ default: 'grow' }}>
          <section aria-label="Details">
            <DescriptionList isHorizontal>
              <Item term="Status">{vmStatus(vm)}</Item>
              <Item term="Node">{vmi?.status?.nodeName ?? missing}</Item>
              <Item term="IP address">{vmiIp(vmi) ?? missing}</Item>
              <Item term="Launcher pod">
                {launcher === undefined ? (
                  missing
                ) : (
                  <Link to={podHref(namespace, launcher)}>{launcher}</Link>
                )}
              </Item>
              <Item term="Run strategy">{vmRunStrategy(vm)}</Item>
              <Item term="CPU">{vmCpu(vm) ?? missing}</Item>
              <Item term="Memory">{vmMemory(vm) ?? missing}</Item>
              <Item term="Created">
                <Created at={vm.metadata.creationTimestamp} />
              </Item>
            </DescriptionList>
          </section>
        </FlexItem>
        <FlexItem>
          <VmScreenshot name={vm.metadata.name ?? ''} vmi={vmi} />
        </FlexItem>
      </Flex>
      <Title headingLevel="h2" size="lg" style={{ marginBlock: '1rem 0.5rem' }}>
        Conditions
      </Title>
      <VmConditionsTable vm={vm} vmi={vmi} />
    </>
  );
}

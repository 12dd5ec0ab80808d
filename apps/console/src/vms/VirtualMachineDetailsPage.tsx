import type { VirtualMachine, VirtualMachineInstance } from '@podvisor/api';
import { Flex, FlexItem, PageSection, Skeleton, Title } from '@patternfly/react-core';
import { lazy, type ReactElement, Suspense, useMemo } from 'react';
import { useParams } from 'react-router';
import { useK8sWatchResource } from '../k8s/index.ts';
import { ObjectPageBody } from '../shared/ObjectPageBody.tsx';
import { UrlTabs } from '../shared/UrlTabs.tsx';
import { ObjectYamlTab } from '../yaml/index.ts';
import { useVmActionAccess } from './use-vm-action-access.ts';
import { useVmActionRunner } from './use-vm-action-runner.tsx';
import { VmActionButtons } from './VmActionButtons.tsx';
import { VmDiagnosticsTab } from './VmDiagnosticsTab.tsx';
import { VmDisksTab } from './VmDisksTab.tsx';
import { VmEventsTab } from './VmEventsTab.tsx';
import { VmNetworkTab } from './VmNetworkTab.tsx';
import { VmOverviewTab } from './VmOverviewTab.tsx';

// The console viewers load only when the Console tab opens.
const VmConsoleTab = lazy(async () => ({
  default: (await import('./VmConsoleTab.tsx')).VmConsoleTab,
}));

/** The details tabs, in order; the URL's `?tab=` holds the key (Overview when absent). */
export const vmDetailTabs = [
  { key: 'overview', title: 'Overview' },
  { key: 'console', title: 'Console' },
  { key: 'events', title: 'Events' },
  { key: 'yaml', title: 'YAML' },
  { key: 'disks', title: 'Disks' },
  { key: 'network', title: 'Network' },
  { key: 'diagnostics', title: 'Diagnostics' },
] as const;

type VmDetailTab = (typeof vmDetailTabs)[number]['key'];

function useVm(namespace: string, name: string) {
  const [vmWatch, vmiWatch] = useMemo(
    () =>
      (['virtualmachines', 'virtualmachineinstances'] as const).map((resource) => ({
        groupVersionResource: { group: 'kubevirt.io', version: 'v1', resource },
        namespace,
        name,
        isList: false as const,
      })),
    [namespace, name],
  );
  const [vm, loaded, error] = useK8sWatchResource<VirtualMachine>(
    vmWatch ?? { groupVersionResource: { group: '', version: '', resource: '' }, isList: false },
  );
  const [vmi] = useK8sWatchResource<VirtualMachineInstance>(
    vmiWatch ?? { groupVersionResource: { group: '', version: '', resource: '' }, isList: false },
  );
  return { vm, vmi, loaded, error };
}

function TabContent(props: {
  readonly tab: VmDetailTab;
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const { tab, vm, vmi } = props;
  const namespace = vm.metadata.namespace ?? '';
  const name = vm.metadata.name ?? '';
  switch (tab) {
    case 'overview':
      return <VmOverviewTab vm={vm} vmi={vmi} />;
    case 'console':
      return (
        <Suspense fallback={<Skeleton screenreaderText="Loading the console" />}>
          <VmConsoleTab namespace={namespace} name={name} />
        </Suspense>
      );
    case 'events':
      return <VmEventsTab namespace={namespace} name={name} />;
    case 'yaml':
      return (
        <ObjectYamlTab
          kind="VirtualMachine"
          object={vm}
          locator={{
            group: 'kubevirt.io',
            version: 'v1',
            resource: 'virtualmachines',
            namespace,
            name,
          }}
        />
      );
    case 'disks':
      return <VmDisksTab vm={vm} vmi={vmi} />;
    case 'network':
      return <VmNetworkTab vm={vm} vmi={vmi} />;
    case 'diagnostics':
      return <VmDiagnosticsTab vm={vm} vmi={vmi} />;
  }
}

function VmDetails(props: {
  readonly vm: VirtualMachine;
  readonly vmi: VirtualMachineInstance | undefined;
}): ReactElement {
  const { vm, vmi } = props;
  const namespace = vm.metadata.namespace ?? '';
  const access = useVmActionAccess(useMemo(() => [namespace], [namespace]));
  const runner = useVmActionRunner();
  const targets = useMemo(() => [{ vm, vmi }], [vm, vmi]);
  return (
    <>
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }}>
        <FlexItem>
          <Title headingLevel="h1">{vm.metadata.name}</Title>
        </FlexItem>
        <FlexItem>
          <VmActionButtons targets={targets} access={access} onRun={runner.request} />
        </FlexItem>
      </Flex>
      {runner.feedback}
      <UrlTabs
        tabs={vmDetailTabs}
        fallback="overview"
        label="Virtual machine details"
        render={(tab) => <TabContent tab={tab} vm={vm} vmi={vmi} />}
      />
    </>
  );
}

/** A VM's page (`/vms/:namespace/:name`): actions in the header, tabs deep-linked by `?tab=`. */
export function VirtualMachineDetailsPage(): ReactElement {
  const { namespace = '', name = '' } = useParams();
  const { vm, vmi, loaded, error } = useVm(namespace, name);
  return (
    <PageSection>
      <ObjectPageBody
        what="virtual machine"
        namespace={namespace}
        name={name}
        object={vm}
        loaded={loaded}
        error={error}
      >
        {(found) => <VmDetails vm={found} vmi={vmi} />}
      </ObjectPageBody>
    </PageSection>
  );
}

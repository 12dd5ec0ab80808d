import { Label } from '@patternfly/react-core';
import { CubeIcon, VirtualMachineIcon } from '@patternfly/react-icons';
import type { ReactElement } from 'react';
import type { WorkloadKind } from './workload-rows.ts';

/** The kind of a workload as a compact label with an icon. */
export function WorkloadKindLabel({ kind }: { readonly kind: WorkloadKind }): ReactElement {
  return kind === 'Pod' ? (
    <Label isCompact color="blue" icon={<CubeIcon />}>
      Pod
    </Label>
  ) : (
    <Label isCompact color="purple" icon={<VirtualMachineIcon />}>
      VirtualMachine
    </Label>
  );
}

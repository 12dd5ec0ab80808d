import { Button, Tooltip } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useAccess } from '../k8s/index.ts';
import { createVmHref } from './create-vm-href.ts';

/**
 * The VM list's "Create VirtualMachine" button: a link to the Create page in `namespace`
 * (`default` for "All namespaces"), disabled with the reason while the user may not create
 * VirtualMachines there.
 */
export function CreateVmLink({ namespace }: { readonly namespace: string }): ReactElement {
  const target = namespace === '' ? 'default' : namespace;
  const [allowed, loading, reason] = useAccess({
    group: 'kubevirt.io',
    resource: 'virtualmachines',
    verb: 'create',
    namespace: target,
  });
  if (allowed)
    return (
      <Link className="pf-v6-c-button pf-m-primary" to={createVmHref(namespace)}>
        <span className="pf-v6-c-button__text">Create VirtualMachine</span>
      </Link>
    );
  const why = loading
    ? 'Checking whether you may create virtual machines…'
    : (reason ?? `You may not create virtual machines in ${target}.`);
  return (
    <Tooltip content={why}>
      <Button variant="primary" isAriaDisabled>
        Create VirtualMachine
      </Button>
    </Tooltip>
  );
}

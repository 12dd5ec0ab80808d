import { FormGroup, TextArea } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { FieldHelp } from './FieldHelp.tsx';
import { validatedOf, type VmFieldsProps } from './vm-form-props.ts';

const monospace = { fontFamily: 'var(--pf-t--global--font--family--mono)' };

/** cloud-init user data and the SSH public key added to it. */
export function VmCloudInitFields({ form, errors, onChange }: VmFieldsProps): ReactElement {
  return (
    <>
      <FormGroup label="Cloud-init user data" fieldId="vm-user-data">
        <TextArea
          id="vm-user-data"
          value={form.userData}
          rows={6}
          resizeOrientation="vertical"
          spellCheck={false}
          style={monospace}
          placeholder={'#cloud-config\npackages:\n  - htop'}
          aria-describedby="vm-user-data-help"
          validated={validatedOf(errors.userData)}
          onChange={(_event, value) => {
            onChange('userData', value);
          }}
        />
        <FieldHelp
          id="vm-user-data-help"
          helper="Optional #cloud-config for the guest's first boot (a cloudInitNoCloud disk)."
          error={errors.userData}
        />
      </FormGroup>
      <FormGroup label="SSH public key" fieldId="vm-ssh-key">
        <TextArea
          id="vm-ssh-key"
          value={form.sshKey}
          rows={2}
          resizeOrientation="vertical"
          spellCheck={false}
          style={monospace}
          placeholder="ssh-ed25519 AAAA… you@host"
          aria-describedby="vm-ssh-key-help"
          validated={validatedOf(errors.sshKey)}
          onChange={(_event, value) => {
            onChange('sshKey', value);
          }}
        />
        <FieldHelp
          id="vm-ssh-key-help"
          helper="Optional: added to the user data as ssh_authorized_keys."
          error={errors.sshKey}
        />
      </FormGroup>
    </>
  );
}

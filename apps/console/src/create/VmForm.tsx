import { Form, FormGroup, TextInput } from '@patternfly/react-core';
import type { ReactElement } from 'react';
import { FieldHelp } from './FieldHelp.tsx';
import { validatedOf, type VmFieldsProps } from './vm-form-props.ts';
import { VmCloudInitFields } from './VmCloudInitFields.tsx';
import { VmImageField } from './VmImageField.tsx';
import { VmResourceFields } from './VmResourceFields.tsx';

interface VmFormProps extends VmFieldsProps {
  /** The namespaces the user can see, offered as the namespace field is typed. */
  readonly namespaces: readonly string[];
  readonly onSubmit: () => void;
}

/** The Create VirtualMachine form: every field labelled, with helper text or its error. */
export function VmForm({ namespaces, onSubmit, ...props }: VmFormProps): ReactElement {
  const { form, errors, onChange } = props;
  return (
    <Form
      aria-label="Create VirtualMachine"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <FormGroup label="Name" fieldId="vm-name" isRequired>
        <TextInput
          id="vm-name"
          value={form.name}
          autoComplete="off"
          aria-describedby="vm-name-help"
          validated={validatedOf(errors.name)}
          onChange={(_event, value) => {
            onChange('name', value);
          }}
        />
        <FieldHelp
          id="vm-name-help"
          helper="Lowercase letters, digits and '-', up to 63 characters."
          error={errors.name}
        />
      </FormGroup>
      <FormGroup label="Namespace" fieldId="vm-namespace" isRequired>
        <TextInput
          id="vm-namespace"
          value={form.namespace}
          list="vm-namespace-options"
          autoComplete="off"
          aria-describedby="vm-namespace-help"
          validated={validatedOf(errors.namespace)}
          onChange={(_event, value) => {
            onChange('namespace', value);
          }}
        />
        <datalist id="vm-namespace-options">
          {namespaces.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <FieldHelp
          id="vm-namespace-help"
          helper="Where the VM is created; type to pick one of your namespaces."
          error={errors.namespace}
        />
      </FormGroup>
      <VmImageField {...props} />
      <VmResourceFields {...props} />
      <VmCloudInitFields {...props} />
      <FormGroup label="Labels" fieldId="vm-labels">
        <TextInput
          id="vm-labels"
          value={form.labels}
          placeholder="app=web, tier=frontend"
          aria-describedby="vm-labels-help"
          validated={validatedOf(errors.labels)}
          onChange={(_event, value) => {
            onChange('labels', value);
          }}
        />
        <FieldHelp
          id="vm-labels-help"
          helper="Optional key=value pairs, separated by commas."
          error={errors.labels}
        />
      </FormGroup>
    </Form>
  );
}

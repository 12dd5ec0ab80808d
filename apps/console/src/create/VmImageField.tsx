import { FormGroup, Radio, TextInput } from '@patternfly/react-core';
import { type ReactElement, useState } from 'react';
import { FieldHelp } from './FieldHelp.tsx';
import { catalogImages } from './vm-form-model.ts';
import { validatedOf, type VmFieldsProps } from './vm-form-props.ts';

/** The boot image: one of the local catalog, or a containerDisk reference typed in. */
export function VmImageField({ form, errors, onChange }: VmFieldsProps): ReactElement {
  const inCatalog = catalogImages.some((entry) => entry.image === form.image);
  const [custom, setCustom] = useState(inCatalog ? '' : form.image);
  const customText = inCatalog ? custom : form.image;
  return (
    <FormGroup label="Image" role="radiogroup" isStack fieldId="vm-image" isRequired>
      {catalogImages.map((entry) => (
        <Radio
          key={entry.image}
          id={`vm-image-${entry.image}`}
          name="vm-image"
          label={entry.label}
          description={entry.image}
          isChecked={form.image === entry.image}
          onChange={() => {
            onChange('image', entry.image);
          }}
        />
      ))}
      <Radio
        id="vm-image-custom"
        name="vm-image"
        label="Container disk image"
        isChecked={!inCatalog}
        onChange={() => {
          onChange('image', customText);
        }}
      />
      <TextInput
        id="vm-image-reference"
        aria-label="Container disk image reference"
        aria-describedby="vm-image-help"
        placeholder="quay.io/containerdisks/fedora:40"
        value={customText}
        validated={validatedOf(errors.image)}
        onChange={(_event, value) => {
          setCustom(value);
          onChange('image', value);
        }}
      />
      <FieldHelp
        id="vm-image-help"
        helper="A local catalog image (npx podvisor images build …) or any containerDisk image."
        error={errors.image}
      />
    </FormGroup>
  );
}

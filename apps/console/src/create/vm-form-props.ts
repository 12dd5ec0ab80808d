import type { VmFormErrors } from './validate-vm-form.ts';
import type { VmFormField, VmFormState } from './vm-form-model.ts';

/** Sets one field of the form. */
export type SetVmField = <K extends VmFormField>(field: K, value: VmFormState[K]) => void;

/** What every group of form fields gets: the state, the errors to show, the setter. */
export interface VmFieldsProps {
  readonly form: VmFormState;
  readonly errors: VmFormErrors;
  readonly onChange: SetVmField;
}

/** `validated` of a PatternFly control for an error (or none). */
export function validatedOf(error: string | undefined): 'error' | 'default' {
  return error === undefined ? 'default' : 'error';
}

/** The kinds of field problems, named like Kubernetes' StatusCause types. */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound';

/** One problem with one field: the admission webhook turns these into StatusCauses. */
export interface FieldError {
  type: FieldErrorType;
  /** The full JSON path of the field, e.g. `spec.template.spec.domain.devices.disks[0].name`. */
  field: string;
  message: string;
}

/** Builds a FieldError. */
export function fieldError(type: FieldErrorType, field: string, message: string): FieldError {
  return { type, field, message };
}

/**
 * Appends child names and list indexes to a field path:
 * `fieldPath('spec', 'volumes', 2, 'name')` is `spec.volumes[2].name`.
 */
export function fieldPath(base: string, ...parts: readonly (string | number)[]): string {
  let path = base;
  for (const part of parts) {
    if (typeof part === 'number') path = `${path}[${part}]`;
    else path = path === '' ? part : `${path}.${part}`;
  }
  return path;
}

/** Runs a validator on untrusted input; a malformed object becomes one error instead of a crash. */
export function guardValidation(field: string, validate: () => FieldError[]): FieldError[] {
  try {
    return validate();
  } catch (error: unknown) {
    const detail = error instanceof Error ? error.message : 'unreadable value';
    return [fieldError('FieldValueInvalid', field, `${field} is malformed: ${detail}`)];
  }
}

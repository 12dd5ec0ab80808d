import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseInterface } from './loose.ts';

type LoosePort = NonNullable<LooseInterface['ports']>[number];

const maxPortNameLength = 15;

/** Kubernetes' IsValidPortName: an IANA service name. */
function isValidPortName(name: string): boolean {
  return (
    name.length <= maxPortNameLength &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) &&
    /[a-z]/.test(name) &&
    !name.includes('--')
  );
}

function validatePort(base: string, port: LoosePort): FieldError[] {
  const errors: FieldError[] = [];
  const number = port.port;
  if (number === undefined || number === 0) {
    errors.push(fieldError('FieldValueRequired', base, 'Port field is mandatory.'));
  } else if (!Number.isInteger(number) || number < 1 || number > 65535) {
    errors.push(
      fieldError('FieldValueInvalid', base, 'Port field must be in range 0 < x < 65536.'),
    );
  }
  const protocol: string | undefined = port.protocol;
  if (protocol !== undefined && protocol !== '' && protocol !== 'TCP' && protocol !== 'UDP') {
    const field = fieldPath(base, 'protocol');
    errors.push(
      fieldError('FieldValueInvalid', field, 'Unknown protocol, only TCP or UDP allowed'),
    );
  }
  return errors;
}

function validatePortNames(field: string, ports: readonly LoosePort[]): FieldError[] {
  const seen = new Set<string>();
  return ports.flatMap((port, i) => {
    const name = port.name;
    if (name === undefined || name === '') return [];
    const nameField = fieldPath(field, i, 'name');
    const errors: FieldError[] = [];
    if (seen.has(name)) {
      errors.push(
        fieldError('FieldValueDuplicate', nameField, `Duplicate name of the port: ${name}`),
      );
    }
    if (!isValidPortName(name)) {
      errors.push(fieldError('FieldValueInvalid', nameField, `Invalid name of the port: ${name}`));
    }
    seen.add(name);
    return errors;
  });
}

/** Validates an interface's forwarded `ports`: numbers 1–65535, TCP or UDP, unique valid names. */
export function validatePorts(field: string, ports: readonly LoosePort[]): FieldError[] {
  return [
    ...validatePortNames(field, ports),
    ...ports.flatMap((port, i) => validatePort(fieldPath(field, i), port)),
  ];
}

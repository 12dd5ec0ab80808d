import { type FieldError, fieldError, fieldPath } from './field-error.ts';

/** Builds the message for the item at `index` whose name `name` was first used at `firstIndex`. */
export type DuplicateMessage = (index: number, firstIndex: number, name: string) => string;

/**
 * One FieldValueDuplicate error at `<listField>[i].name` for every item whose name an earlier
 * item already uses.
 */
export function duplicateNameErrors(
  listField: string,
  names: readonly (string | undefined)[],
  message: DuplicateMessage,
): FieldError[] {
  const first = new Map<string, number>();
  const errors: FieldError[] = [];
  names.forEach((name = '', index) => {
    const firstIndex = first.get(name);
    if (firstIndex === undefined) {
      first.set(name, index);
      return;
    }
    const field = fieldPath(listField, index, 'name');
    errors.push(fieldError('FieldValueDuplicate', field, message(index, firstIndex, name)));
  });
  return errors;
}

/** KubeVirt's message for disks and volumes: `spec.volumes[1] and spec.volumes[0] must not have the same Name.` */
export function sameNameMessage(listField: string): DuplicateMessage {
  return (index, firstIndex) =>
    `${fieldPath(listField, index)} and ${fieldPath(listField, firstIndex)} must not have the same Name.`;
}

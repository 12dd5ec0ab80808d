import { type FieldError, fieldError, fieldPath } from './field-error.ts';
import type { LooseDomain } from './loose.ts';
import { validateImagePath } from './validate-volumes.ts';

function validateKernelBoot(base: string, domain: LooseDomain): FieldError[] {
  const kernelBoot = domain.firmware?.kernelBoot;
  if (kernelBoot == null) return [];
  const field = fieldPath(base, 'firmware', 'kernelBoot');
  const container = kernelBoot.container;
  if (container == null) {
    if (kernelBoot.kernelArgs === undefined || kernelBoot.kernelArgs === '') return [];
    const message = 'kernel arguments cannot be provided without an external kernel';
    return [fieldError('FieldValueInvalid', fieldPath(field, 'kernelArgs'), message)];
  }
  return validateKernelContainer(fieldPath(field, 'container'), container);
}

type LooseKernelContainer = NonNullable<
  NonNullable<NonNullable<LooseDomain['firmware']>['kernelBoot']>['container']
>;

function validateKernelContainer(
  containerField: string,
  container: LooseKernelContainer,
): FieldError[] {
  const errors: FieldError[] = [];
  if (container.image === undefined || container.image === '') {
    const message = `${containerField} must be defined with an image`;
    errors.push(fieldError('FieldValueRequired', fieldPath(containerField, 'image'), message));
  }
  const { kernelPath = '', initrdPath = '' } = container;
  if (kernelPath === '' && initrdPath === '') {
    const message = `${containerField} must be defined with at least one of the following: kernelPath, initrdPath`;
    errors.push(fieldError('FieldValueRequired', containerField, message));
  }
  if (kernelPath !== '')
    errors.push(...validateImagePath(fieldPath(containerField, 'kernelPath'), kernelPath));
  if (initrdPath !== '')
    errors.push(...validateImagePath(fieldPath(containerField, 'initrdPath'), initrdPath));
  return errors;
}

function validateBootloader(base: string, domain: LooseDomain): FieldError[] {
  const bootloader = domain.firmware?.bootloader;
  if (bootloader?.efi === undefined || bootloader.bios === undefined) return [];
  const field = fieldPath(base, 'firmware', 'bootloader');
  const message = `${field} has both EFI and BIOS configured, but they are mutually exclusive.`;
  return [fieldError('FieldValueInvalid', field, message)];
}

/** Validates `domain.firmware`: direct kernel boot and the bootloader choice. */
export function validateFirmware(base: string, domain: LooseDomain): FieldError[] {
  return [...validateKernelBoot(base, domain), ...validateBootloader(base, domain)];
}

/**
 * Why a VMI spec could not be turned into a libvirt domain. `field` is the path of the
 * offending field (`spec.domain.devices.disks[1].name`); the message starts with it.
 */
export class DomainConversionError extends Error {
  override readonly name = 'DomainConversionError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

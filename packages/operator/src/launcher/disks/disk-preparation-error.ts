/**
 * Why a volume could not be prepared. `reason` is the short word for the VMI's condition
 * (`ErrImagePull` and `InvalidImageName` as the kubelet says them); `field` is the offending
 * field (`spec.volumes[0].containerDisk.image`) and the message starts with it.
 */
export type DiskPreparationReason =
  'ErrImagePull' | 'InvalidImageName' | 'InvalidVolume' | 'Unsupported' | 'DiskCreationFailed';

/** A volume that could not be turned into a file for QEMU. */
export class DiskPreparationError extends Error {
  override readonly name = 'DiskPreparationError';
  readonly field: string;
  readonly reason: DiskPreparationReason;

  constructor(options: { field: string; reason: DiskPreparationReason; problem: string }) {
    super(`${options.field}: ${options.problem}`);
    this.field = options.field;
    this.reason = options.reason;
  }
}

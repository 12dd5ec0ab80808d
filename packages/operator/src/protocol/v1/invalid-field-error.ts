/**
 * A message field has the wrong shape. `field` is its path (`params.vmi.metadata.name`); the
 * message starts with it.
 */
export class InvalidFieldError extends Error {
  override readonly name = 'InvalidFieldError';
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

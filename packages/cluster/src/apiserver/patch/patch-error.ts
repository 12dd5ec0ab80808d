/**
 * A patch that cannot be applied. `malformed` is true when the patch document itself is invalid
 * (the HTTP layer answers 400 BadRequest) and false when a well-formed patch does not apply to
 * this object (422 Unprocessable Entity).
 */
export class PatchError extends Error {
  readonly malformed: boolean;

  constructor(message: string, options: { malformed: boolean }) {
    super(message);
    this.name = 'PatchError';
    this.malformed = options.malformed;
  }
}

/** A PatchError for an invalid patch document (400). */
export function malformedPatch(message: string): PatchError {
  return new PatchError(message, { malformed: true });
}

/** A PatchError for a valid patch that does not apply to the object (422). */
export function inapplicablePatch(message: string): PatchError {
  return new PatchError(message, { malformed: false });
}

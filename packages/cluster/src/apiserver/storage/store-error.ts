/** Why a store operation failed; the API layer maps each code to a Status error. */
export type StoreErrorCode = 'exists' | 'not-found' | 'conflict' | 'expired';

/** Details of a {@link StoreError}; which fields are set depends on the code. */
export interface StoreErrorDetails {
  /** The key the operation was about (all codes but `expired`). */
  readonly key?: string;
  /** `conflict`: the revision the caller expected. `expired`: the revision it asked to watch from. */
  readonly requestedRevision?: number;
  /** `conflict`: the object's current revision. `expired`: the oldest revision a watch can start from. */
  readonly actualRevision?: number;
}

/**
 * A failed store operation the caller can recover from: the key exists, is missing, was changed
 * since the caller read it, or a watch asked for history that is no longer retained.
 */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly key: string | undefined;
  readonly requestedRevision: number | undefined;
  readonly actualRevision: number | undefined;

  constructor(code: StoreErrorCode, message: string, details: StoreErrorDetails = {}) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
    this.key = details.key;
    this.requestedRevision = details.requestedRevision;
    this.actualRevision = details.actualRevision;
  }
}

/** Whether a value is a {@link StoreError}, optionally with the given code. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

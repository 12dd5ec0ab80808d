/**
 * @packageDocumentation
 * Shared helpers of the end-to-end suite (issue 11).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};

/**
 * @packageDocumentation
 * The kubevirt.io/v1 API: types, CRD schemas, defaults and validation (issue 5).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};

/**
 * @packageDocumentation
 * The kubevirt.io/v1 API: types, CRD schemas, defaults and validation (issue 5).
 */
export * from './generated/kubevirt-types.ts';
export * from './resources.ts';
export * from './well-known.ts';
export * from './defaults/index.ts';
export * from './validation/index.ts';
export * from './cluster-config.ts';

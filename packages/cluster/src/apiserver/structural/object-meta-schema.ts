import type { JsonSchema } from '../json-schema.ts';

const text: JsonSchema = { type: 'string' };
const int64: JsonSchema = { type: 'integer', format: 'int64' };
const flag: JsonSchema = { type: 'boolean' };
const time: JsonSchema = { type: 'string', format: 'date-time', nullable: true };
const stringMap: JsonSchema = { type: 'object', additionalProperties: text };

/**
 * `metav1.ObjectMeta` as a structural schema: what a server keeps of `metadata` in a custom
 * resource (root and embedded resources); any other field is dropped (`unknown field
 * "metadata.foo"`). Timestamps are nullable, since clients send `creationTimestamp: null`.
 */
export const objectMetaSchema: JsonSchema = {
  type: 'object',
  properties: {
    name: text,
    generateName: text,
    namespace: text,
    selfLink: text,
    uid: text,
    resourceVersion: text,
    generation: int64,
    creationTimestamp: time,
    deletionTimestamp: time,
    deletionGracePeriodSeconds: int64,
    labels: stringMap,
    annotations: stringMap,
    ownerReferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: text,
          kind: text,
          name: text,
          uid: text,
          controller: flag,
          blockOwnerDeletion: flag,
        },
      },
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    },
    finalizers: { type: 'array', items: text, 'x-kubernetes-list-type': 'set' },
    managedFields: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          manager: text,
          operation: text,
          apiVersion: text,
          time,
          fieldsType: text,
          fieldsV1: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          subresource: text,
        },
      },
      'x-kubernetes-list-type': 'atomic',
    },
  },
};

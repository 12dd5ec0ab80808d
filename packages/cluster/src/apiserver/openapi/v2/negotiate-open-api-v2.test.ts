import { describe, expect, it } from 'vitest';
import {
  negotiateOpenApiV2,
  OPENAPI_V2_JSON,
  OPENAPI_V2_PROTOBUF,
  OPENAPI_V2_PROTOBUF_REQUESTED,
} from './negotiate-open-api-v2.ts';

const json = { format: 'json', contentType: OPENAPI_V2_JSON };
const protobuf = { format: 'protobuf', contentType: OPENAPI_V2_PROTOBUF };

describe('negotiateOpenApiV2', () => {
  it.each([
    ['kubectl and client-go (the @ spelling)', OPENAPI_V2_PROTOBUF_REQUESTED, protobuf],
    ['the current protobuf spelling', OPENAPI_V2_PROTOBUF, protobuf],
    ['JSON', 'application/json', json],
    ['no header', undefined, json],
    ['an empty header', '', json],
    ['any type', '*/*', json],
    ['application/*', 'application/*', json],
    [
      'JSON with protobuf preferred by quality',
      `application/json;q=0.5, ${OPENAPI_V2_PROTOBUF}`,
      protobuf,
    ],
    ['protobuf, then anything', `${OPENAPI_V2_PROTOBUF_REQUESTED}, */*`, protobuf],
    ['a wildcard listed before a specific type', `*/*, ${OPENAPI_V2_PROTOBUF}`, protobuf],
    ['an unknown type, then JSON', 'application/yaml, application/json', json],
    ['case-insensitive media types', 'Application/JSON', json],
  ])('serves %s', (_name, accept, expected) => {
    expect(negotiateOpenApiV2(accept)).toEqual(expected);
  });

  it.each([
    ['an unknown media type', 'application/yaml'],
    ['protobuf of Kubernetes objects', 'application/vnd.kubernetes.protobuf'],
    ['only refused types', 'application/json;q=0'],
  ])('refuses %s (406)', (_name, accept) => {
    expect(negotiateOpenApiV2(accept)).toBeUndefined();
  });
});

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinSchemas } from './load-builtin-schemas.ts';
import { groupVersionOfSpecFile, openApiSpecDirectory } from './open-api-spec-directory.ts';
import {
  appsV1SpecFixture,
  coreV1SpecFixture,
  followFieldPath,
  swaggerSpecFixture,
} from './spec-fixtures.ts';

describe('groupVersionOfSpecFile', () => {
  it.each([
    ['api__v1_openapi.json', 'v1'],
    ['apis__apps__v1_openapi.json', 'apps/v1'],
    ['apis__networking.k8s.io__v1_openapi.json', 'networking.k8s.io/v1'],
    ['apis__apiextensions.k8s.io__v1_openapi.json', 'apiextensions.k8s.io/v1'],
    ['api_openapi.json', undefined],
    ['apis__apps_openapi.json', undefined],
    ['.well-known__openid-configuration_openapi.json', undefined],
    ['swagger.json', undefined],
  ])('reads %s as %s', (fileName, groupVersion) => {
    expect(groupVersionOfSpecFile(fileName)).toBe(groupVersion);
  });
});

describe('openApiSpecDirectory', () => {
  it('serves schemas from the v3 files of an upstream openapi-spec directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-spec-'));
    mkdirSync(join(dir, 'v3'));
    writeFileSync(join(dir, 'v3', 'api__v1_openapi.json'), JSON.stringify(coreV1SpecFixture()));
    writeFileSync(
      join(dir, 'v3', 'apis__apps__v1_openapi.json'),
      JSON.stringify(appsV1SpecFixture()),
    );
    writeFileSync(join(dir, 'v3', 'api_openapi.json'), '{"openapi":"3.0.0","paths":{}}');

    const builtins = loadBuiltinSchemas(openApiSpecDirectory(dir));
    const pod = builtins.schemaFor('', 'v1', 'Pod');

    expect(pod && followFieldPath(pod, 'spec.containers.image', builtins.resolve)?.type).toBe(
      'string',
    );
    expect(builtins.nameFor('apps', 'v1', 'Deployment')).toBe('io.k8s.api.apps.v1.Deployment');
  });

  it('falls back to swagger.json when there are no v3 files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-spec-'));
    writeFileSync(join(dir, 'swagger.json'), JSON.stringify(swaggerSpecFixture()));

    const builtins = loadBuiltinSchemas(openApiSpecDirectory(dir));

    expect(builtins.nameFor('', 'v1', 'Namespace')).toBe('io.k8s.api.core.v1.Namespace');
  });

  it('has no schemas for an empty directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-spec-'));

    expect(
      loadBuiltinSchemas(openApiSpecDirectory(dir)).schemaFor('', 'v1', 'Pod'),
    ).toBeUndefined();
  });
});

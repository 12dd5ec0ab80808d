import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../json-schema.ts';
import { loadBuiltinSchemas } from '../load-builtin-schemas.ts';
import { clientNodeSchemaSource } from './client-node-schema-source.ts';
import { LIST_METADATA, listExtensions } from './list-metadata.ts';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
const kubectlPresent = existsSync(KUBECTL);

const entries = [...LIST_METADATA].flatMap(([schemaName, fields]) =>
  Object.entries(fields).map(([field, metadata]) => ({ schemaName, field, metadata })),
);
const withStrategy = entries.filter((entry) => entry.metadata.patchStrategy !== undefined);

/** Within one Go struct tag: printable characters, not running into the next tag. */
const GAP = String.raw`(?:(?!json:")[\x20-\x7e]){0,200}?`;
const TAG = new RegExp(
  String.raw`json:"(\w+)[^"]*"${GAP}patchStrategy:"([^"]*)"(?:${GAP}patchMergeKey:"([^"]*)")?`,
  'g',
);

/** `field strategy mergeKey` for every struct tag with a patch strategy in the binary. */
function kubectlPatchTags(): Set<string> {
  const text = readFileSync(KUBECTL).toString('latin1');
  const tags = new Set<string>();
  for (const match of text.matchAll(TAG)) {
    tags.add(`${match[1] ?? ''} ${match[2] ?? ''} ${match[3] ?? ''}`);
  }
  return tags;
}

describe('LIST_METADATA', () => {
  it.skipIf(!kubectlPresent)(
    `agrees with the patch struct tags compiled into kubectl${kubectlPresent ? '' : ` (skipped: ${KUBECTL} is absent)`}`,
    () => {
      const tags = kubectlPatchTags();
      const triples = withStrategy.map(
        ({ field, metadata }) =>
          `${field} ${metadata.patchStrategy ?? ''} ${metadata.patchMergeKey ?? ''}`,
      );

      expect(tags.size).toBeGreaterThan(20);
      expect(triples.filter((triple) => !tags.has(triple))).toEqual([]);
    },
  );

  const builtins = loadBuiltinSchemas(clientNodeSchemaSource());

  /** The schema of a list field's items, when they are a component. */
  function itemSchema(property: JsonSchema | undefined): JsonSchema | undefined {
    const ref = property?.items?.$ref;
    return ref === undefined ? undefined : builtins.resolve(ref);
  }

  it.each(entries.map((entry) => [entry.schemaName, entry.field, entry.metadata]))(
    'names a real field: %s %s',
    (schemaName, field, metadata) => {
      const property = builtins.resolve(`#/components/schemas/${schemaName}`)?.properties?.[field];

      expect(property).toMatchObject(listExtensions(schemaName, field));
      if (metadata.listType === undefined) return;
      expect(property?.type).toBe('array');
      const keys = [...(metadata.listMapKeys ?? [])];
      if (metadata.patchMergeKey !== undefined) keys.push(metadata.patchMergeKey);
      const item = itemSchema(property);
      expect(keys.filter((key) => item?.properties?.[key] === undefined)).toEqual([]);
    },
  );

  it('gives no extensions to a field outside the table', () => {
    expect(listExtensions('io.k8s.api.core.v1.PodSpec', 'tolerations')).toEqual({});
  });
});

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuiltinSchemaSource, SchemaDocument } from '../load-builtin-schemas.ts';
import { ModelCatalog } from './model-catalog.ts';

const PACKAGE = '@kubernetes/client-node';

/** Where to read the models from; by default the installed `@kubernetes/client-node`. */
export interface ClientNodeSchemaSourceOptions {
  /** The package's `dist/gen` directory (holding `apis/` and `models/`). */
  readonly generatedDirectory?: string;
}

/** One catalog per directory, shared by every source reading it: parsed at most once. */
const catalogs = new Map<string, ModelCatalog>();

/**
 * Built-in schemas derived from `@kubernetes/client-node`'s generated models (themselves
 * generated from upstream's OpenAPI spec): one document per group-version the client has an
 * API class for, in upstream's shape and with upstream's component names. Creating the source
 * reads nothing; listing the documents reads the API classes' imports; loading a document
 * parses the models it needs.
 */
export function clientNodeSchemaSource(
  options: ClientNodeSchemaSourceOptions = {},
): BuiltinSchemaSource {
  let directory = options.generatedDirectory;
  const resolveDirectory = (): string => (directory ??= installedGeneratedDirectory());
  const catalog = (): ModelCatalog => {
    const at = resolveDirectory();
    let found = catalogs.get(at);
    if (found === undefined) {
      found = new ModelCatalog(at);
      catalogs.set(at, found);
    }
    return found;
  };
  return {
    get name() {
      return `${PACKAGE} models (${resolveDirectory()})`;
    },
    documents: () =>
      catalog().groupVersions.map(({ groupVersion }): SchemaDocument => ({
        groupVersion,
        load: () => {
          const document = catalog().document(groupVersion);
          if (document === undefined) throw new Error(`no models for ${groupVersion}`);
          return document;
        },
      })),
  };
}

/** The `dist/gen` directory of the installed client-node; throws saying what is missing. */
export function installedGeneratedDirectory(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve(`${PACKAGE}/package.json`);
  } catch (error) {
    throw new Error(`${PACKAGE} is not installed: built-in schemas are read from its models`, {
      cause: error,
    });
  }
  const generated = join(dirname(packageJson), 'dist', 'gen');
  if (!existsSync(join(generated, 'models')) || !existsSync(join(generated, 'apis'))) {
    throw new Error(`${PACKAGE} at ${dirname(packageJson)} has no dist/gen/models and apis`);
  }
  return generated;
}

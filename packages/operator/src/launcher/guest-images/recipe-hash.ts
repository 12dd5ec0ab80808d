import { createHash } from 'node:crypto';

/** Everything a built image depends on; equal inputs give the same image. */
export interface RecipeInputs {
  readonly recipe: string;
  readonly version: number;
  /** The files the recipe writes itself (the guest's /init and friends). */
  readonly files: readonly { readonly path: string; readonly data: string | Uint8Array }[];
  /** The packages, at the exact versions apt resolved. */
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  readonly modules: readonly string[];
  readonly cmdline: string;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The hex SHA-256 of a recipe's inputs. It changes when any input changes (a file's text, a
 * package version, the module list, the recipe version) and not with the order of files or
 * packages.
 */
export function recipeHash(inputs: RecipeInputs): string {
  const canonical = {
    recipe: inputs.recipe,
    version: inputs.version,
    files: inputs.files.map((f) => `${f.path} ${sha256(f.data)}`).sort(),
    packages: inputs.packages.map((p) => `${p.name}=${p.version}`).sort(),
    modules: inputs.modules,
    cmdline: inputs.cmdline,
  };
  return sha256(JSON.stringify(canonical));
}

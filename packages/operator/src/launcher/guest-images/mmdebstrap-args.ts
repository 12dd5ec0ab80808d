import type { DebianRecipe } from './debian-recipe.ts';

/**
 * The arguments of `mmdebstrap` that install a recipe's packages into the directory `target`:
 * root mode (a real chroot, so maintainer scripts run as on a real system), no Recommends (the
 * default), documentation excluded through dpkg, and merged /usr made by `hookDir` (mmdebstrap's
 * `hooks/merged-usr`, which avoids pulling in the usrmerge package and perl).
 */
export function mmdebstrapArgs(
  recipe: DebianRecipe,
  options: { readonly target: string; readonly hookDir: string },
): string[] {
  return [
    '--mode=root',
    '--format=directory',
    `--variant=${recipe.variant}`,
    `--hook-dir=${options.hookDir}`,
    '--aptopt=Acquire::Languages "none"',
    ...recipe.dpkgOptions.map((option) => `--dpkgopt=${option}`),
    `--include=${recipe.packages.join(',')}`,
    '--',
    recipe.suite,
    options.target,
    ...recipe.sources,
  ];
}

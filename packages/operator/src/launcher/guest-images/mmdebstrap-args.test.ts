import { describe, expect, it } from 'vitest';
import { debianRecipe } from './debian-recipe.ts';
import { mmdebstrapArgs } from './mmdebstrap-args.ts';

describe('mmdebstrapArgs', () => {
  const recipe = debianRecipe();
  const args = mmdebstrapArgs(recipe, { target: '/w/rootfs', hookDir: '/w/mm/hooks/merged-usr' });
  const positional = args.slice(args.indexOf('--') + 1);

  it('installs into a directory with a real chroot and the merged-/usr hook', () => {
    expect(args).toEqual(
      expect.arrayContaining([
        '--mode=root',
        '--format=directory',
        '--variant=minbase',
        '--hook-dir=/w/mm/hooks/merged-usr',
      ]),
    );
  });

  it('names the suite, then the target, then every apt source, after the options', () => {
    expect(positional).toEqual(['bookworm', '/w/rootfs', ...recipe.sources]);
  });

  it("includes the recipe's packages in one comma-separated option", () => {
    expect(args).toContain(`--include=${recipe.packages.join(',')}`);
  });

  it('passes each dpkg path filter as its own option, in order', () => {
    const filters = args.filter((a) => a.startsWith('--dpkgopt='));
    expect(filters).toEqual(recipe.dpkgOptions.map((o) => `--dpkgopt=${o}`));
  });
});

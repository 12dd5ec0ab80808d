import { describe, expect, it } from 'vitest';
import { type RecipeInputs, recipeHash } from './recipe-hash.ts';
import { tinyRecipe } from './tiny-recipe.ts';

const init = { path: 'init', data: '#!/bin/sh\necho hello\n' };
const profile = { path: 'etc/profile', data: "export PS1='# '\n" };
const kernel = { name: 'linux-image-6.1.0-56-cloud-amd64', version: '6.1.192-2' };
const base: RecipeInputs = {
  recipe: 'tiny',
  version: 1,
  files: [init, profile],
  packages: [kernel, { name: 'busybox-static', version: '1:1.35.0-4+deb12u1+b1' }],
  modules: ['virtio_pci', 'virtio_net'],
  cmdline: 'console=ttyS0',
};

describe('recipeHash', () => {
  it('is a stable hex SHA-256 for equal inputs', () => {
    expect(recipeHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(recipeHash(structuredClone(base))).toBe(recipeHash(base));
  });

  it.each<[string, Partial<RecipeInputs>]>([
    ['the init script text', { files: [{ path: 'init', data: '#!/bin/sh\necho bye\n' }, profile] }],
    ['a file path', { files: [{ path: 'init2', data: init.data }, profile] }],
    ['a package version', { packages: [{ name: 'busybox-static', version: '1:1.36' }, kernel] }],
    ['the module list', { modules: ['virtio_pci'] }],
    ['the module order', { modules: ['virtio_net', 'virtio_pci'] }],
    ['the recipe version', { version: 2 }],
    ['the kernel command line', { cmdline: 'console=ttyS0 quiet' }],
  ])('changes with %s', (_what, change) => {
    expect(recipeHash({ ...base, ...change })).not.toBe(recipeHash(base));
  });

  it('does not depend on the order of files or packages', () => {
    const reordered = {
      ...base,
      files: [...base.files].reverse(),
      packages: [...base.packages].reverse(),
    };
    expect(recipeHash(reordered)).toBe(recipeHash(base));
  });

  it("covers the tiny guest's real /init: editing it changes the hash", () => {
    const recipe = tinyRecipe();
    const inputs = { ...base, files: recipe.files };
    const edited = recipe.files.map((f) =>
      f.path === 'init' ? { ...f, data: Buffer.concat([f.data, Buffer.from('# edit\n')]) } : f,
    );
    expect(recipe.files.some((f) => f.path === 'init')).toBe(true);
    expect(recipeHash({ ...inputs, files: edited })).not.toBe(recipeHash(inputs));
  });
});

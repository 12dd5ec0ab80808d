import { describe, expect, it } from 'vitest';
import { debianRecipe } from './debian-recipe.ts';

describe('debianRecipe', () => {
  const recipe = debianRecipe();
  const file = (path: string): string =>
    recipe.files.find((f) => f.path === path)?.data.toString() ?? '';

  it('reads cloud-init data only from a NoCloud disk', () => {
    expect(file('etc/cloud/cloud.cfg.d/90-podvisor.cfg')).toMatch(
      /^datasource_list: \[ NoCloud, None \]$/m,
    );
  });

  it('finds its root filesystem by the label the disk is made with, in fstab and on the kernel command line', () => {
    expect(recipe.cmdline).toContain(`root=LABEL=${recipe.rootLabel} `);
    expect(file('etc/fstab')).toMatch(new RegExp(`^LABEL=${recipe.rootLabel}\\t/\\text4\\t`, 'm'));
  });

  it('puts the kernel console and a login prompt on the serial line, root without a password', () => {
    expect(recipe.cmdline).toMatch(/console=ttyS0,115200( |$)/);
    expect(recipe.commands).toContainEqual(['systemctl', 'enable', 'serial-getty@ttyS0.service']);
    expect(recipe.commands).toContainEqual(['passwd', '--delete', 'root']);
  });

  it.each(['cloud-init', 'qemu-guest-agent', 'systemd-sysv', 'ifupdown'])('installs %s', (name) => {
    expect(recipe.packages).toContain(name);
  });

  it('installs the kernel its metapackage names and keeps documentation out', () => {
    expect(recipe.packages).toContain(recipe.kernelMetapackage);
    expect(recipe.dpkgOptions).toContain('path-exclude=/usr/share/doc/*');
  });

  it("removes the build host's resolv.conf, which mmdebstrap copies in", () => {
    expect(recipe.remove).toContain('etc/resolv.conf');
  });

  it('writes each file once, at a relative path, not executable', () => {
    const paths = recipe.files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const f of recipe.files) {
      expect(f.path).not.toMatch(/^\//);
      expect(f.mode).toBe(0o644);
      expect(f.data.toString()).toMatch(/\n$/);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { tinyRecipe } from './tiny-recipe.ts';

describe('tinyRecipe', () => {
  const recipe = tinyRecipe();
  const file = (path: string): string =>
    recipe.files.find((f) => f.path === path)?.data.toString() ?? '';

  it.each(['init', 'bin/serial-shell', 'etc/acpi/PWRF/00000080', 'etc/udhcpc.sh'])(
    'ships %s as an executable script',
    (path) => {
      const found = recipe.files.find((f) => f.path === path);
      expect(found?.mode).toBe(0o755);
      expect(found?.data.subarray(0, 2).toString()).toBe('#!');
    },
  );

  it('ships plain /etc files as not executable', () => {
    expect(recipe.files.find((f) => f.path === 'etc/passwd')?.mode).toBe(0o644);
  });

  it('prints the banner on the serial and VGA consoles and the ready marker on the serial shell', () => {
    expect(file('init')).toContain('Podvisor tiny guest: $(hostname)');
    expect(file('init')).toMatch(/\/dev\/ttyS0 \/dev\/tty0/);
    expect(file('bin/serial-shell')).toContain('podvisor-guest-ready');
  });

  it('powers off on the ACPI power button', () => {
    expect(file('init')).toContain('acpid -c /etc/acpi');
    expect(file('etc/acpi/PWRF/00000080')).toContain('poweroff -f');
  });
});

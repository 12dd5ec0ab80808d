import { describe, expect, it } from 'vitest';
import { parseVmYaml, vmToYaml } from './parse-vm-yaml.ts';
import { initialVmForm, toVirtualMachine } from './vm-form-model.ts';

const form = {
  ...initialVmForm('apps'),
  name: 'tiny',
  userData: '#cloud-config\npackages: [htop]\n',
};

describe('parseVmYaml', () => {
  it('reads the generated YAML back into the same form', async () => {
    const text = await vmToYaml(toVirtualMachine(form));
    expect(text).toContain('userData: |');
    const result = await parseVmYaml(text, form);
    expect(result.ok && result.form).toEqual(form);
  });

  it.each([
    ['a syntax error', 'kind: VirtualMachine\nmetadata:\n  name: [oops\n', 4],
    ['a Pod', 'apiVersion: v1\nkind: Pod\n', 2],
    [
      'bad memory',
      'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec:\n  template:\n    spec:\n      domain:\n        resources:\n          requests:\n            memory: 64M\n',
      9,
    ],
    ['an empty text', '', 1],
  ])('gives %s at its line', async (_what, text, line) => {
    const result = await parseVmYaml(text, form);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostic.line).toBe(line);
  });
});

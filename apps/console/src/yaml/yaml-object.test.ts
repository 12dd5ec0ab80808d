import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../k8s/index.ts';
import { parseYamlObject, resourceYaml } from './yaml-object.ts';

describe('parseYamlObject', () => {
  it('reads a mapping as the object', () => {
    expect(parseYamlObject('kind: ConfigMap\ndata:\n  a: "1"\n')).toEqual({
      ok: true,
      object: { kind: 'ConfigMap', data: { a: '1' } },
    });
  });

  it.each([
    ['an unclosed flow sequence (at the end of the text)', 4, 'kind: Pod\nspec:\n  args: [a, b\n'],
    ['a tab indentation', 3, 'kind: Pod\nspec:\n\tx: 1\n'],
    ['a duplicate key', 2, 'kind: Pod\nkind: Service\n'],
    ['a second document', 2, 'kind: Pod\n---\nkind: Service\n'],
  ])('reports %s as an error at line %i', (_, line, text) => {
    const parsed = parseYamlObject(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics[0]).toMatchObject({ line, severity: 'error' });
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'hello\n'],
    ['nothing', ''],
  ])('refuses %s: the text must be one object', (_, text) => {
    const parsed = parseYamlObject(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]?.line).toBe(1);
    expect(parsed.diagnostics[0]?.message).toContain('one Kubernetes object');
  });
});

describe('resourceYaml', () => {
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x', resourceVersion: '12', managedFields: [{ manager: 'kubectl' }] },
    data: { long: 'word '.repeat(40).trim(), yes: 'yes' },
  } as K8sObject;

  it('leaves managedFields out unless asked, and round-trips the rest', () => {
    const text = resourceYaml(object);
    expect(text).not.toContain('managedFields');
    expect(text).toContain('resourceVersion: "12"');
    expect(parseYamlObject(text)).toEqual({
      ok: true,
      object: { ...object, metadata: { name: 'x', resourceVersion: '12' } },
    });
    expect(resourceYaml(object, { showManagedFields: true })).toContain('manager: kubectl');
  });

  it('does not fold long strings over several lines', () => {
    expect(
      resourceYaml(object)
        .split('\n')
        .some((line) => line.includes('word '.repeat(40).trim())),
    ).toBe(true);
  });
});

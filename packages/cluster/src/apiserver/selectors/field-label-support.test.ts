import { describe, expect, it } from 'vitest';
import { StatusError } from '../status-error.ts';
import {
  checkBuiltinFieldSelector,
  checkFieldSelector,
  crdSupportedFieldLabels,
  supportedFieldLabels,
} from './field-label-support.ts';
import { parseFieldSelector } from './parse-field-selector.ts';

function rejection(run: () => unknown): StatusError {
  try {
    run();
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected a StatusError');
}

describe('field label support', () => {
  it('lists the labels kubectl relies on', () => {
    expect(supportedFieldLabels('', 'pods')).toContain('spec.nodeName');
    expect(supportedFieldLabels('', 'events')).toContain('involvedObject.uid');
    expect(supportedFieldLabels('', 'namespaces')).toEqual(['status.phase', 'metadata.name']);
    expect(supportedFieldLabels('', 'configmaps')).toEqual(['metadata.name', 'metadata.namespace']);
  });

  it('accepts supported labels and rejects others with upstream wording', () => {
    const ok = parseFieldSelector('metadata.name=a,status.phase=Running');
    expect(checkFieldSelector(ok, supportedFieldLabels('', 'pods'))).toEqual(ok);
    const error = rejection(() =>
      checkFieldSelector(parseFieldSelector('spec.foo=a'), supportedFieldLabels('', 'pods')),
    );
    expect(error.code).toBe(400);
    expect(error.message).toBe('field label not supported: spec.foo');
  });

  it.each([
    [
      '',
      'configmaps',
      'data.x',
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ],
    ['', 'nodes', 'metadata.namespace', 'field label not supported: metadata.namespace'],
    ['batch', 'jobs', 'status.failed', 'field label "status.failed" not supported for batchv1.Job'],
    ['apps', 'statefulsets', 'spec.x', 'field label not supported for appsv1.StatefulSet: spec.x'],
    [
      'events.k8s.io',
      'events',
      'involvedObject.name',
      'field label not supported: involvedObject.name',
    ],
  ])('built-in %s/%s rejects %s with %j', (group, resource, label, message) => {
    const error = rejection(() =>
      checkBuiltinFieldSelector(group, resource, parseFieldSelector(`${label}=v`)),
    );
    expect(error.message).toBe(message);
  });

  it('rewrites the legacy pod label spec.host to spec.nodeName', () => {
    const checked = checkBuiltinFieldSelector('', 'pods', parseFieldSelector('spec.host=n1'));
    expect(checked.requirements).toEqual([{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  });

  it('gives custom resources their selectable fields, and metadata.namespace only when namespaced', () => {
    expect(crdSupportedFieldLabels(true, ['.spec.color'])).toEqual([
      'metadata.name',
      'metadata.namespace',
      'spec.color',
    ]);
    expect(crdSupportedFieldLabels(false, [])).toEqual(['metadata.name']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Json, KubeObject } from '../json.ts';
import { crdSelectableFields, selectableFields } from './selectable-fields.ts';

function object(kind: string, body: Record<string, Json>): KubeObject {
  return { ...body, apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'ns' } };
}

describe('selectableFields', () => {
  it('gives every kind metadata.name and metadata.namespace', () => {
    expect(selectableFields('', 'configmaps', object('ConfigMap', {}))).toEqual({
      'metadata.name': 'x',
      'metadata.namespace': 'ns',
    });
  });

  it('renders pod fields as upstream, with defaults for missing values', () => {
    const pod = object('Pod', {
      spec: { nodeName: 'n1', restartPolicy: 'Always', hostNetwork: true },
      status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }], podIP: '10.0.0.9' },
    });
    expect(selectableFields('', 'pods', pod)).toEqual({
      'metadata.name': 'x',
      'metadata.namespace': 'ns',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': '',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'true',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.5',
      'status.nominatedNodeName': '',
    });
    expect(selectableFields('', 'pods', object('Pod', {}))['spec.hostNetwork']).toBe('false');
  });

  it('gives core events their involvedObject fields and falls back to the reporting component for source', () => {
    const event = object('Event', {
      involvedObject: {
        kind: 'Pod',
        name: 'p1',
        namespace: 'ns',
        uid: 'u1',
        fieldPath: 'spec.containers{c}',
      },
      reason: 'Pulled',
      type: 'Normal',
      reportingComponent: 'kubelet',
    });
    const fields = selectableFields('', 'events', event);
    expect(fields['involvedObject.uid']).toBe('u1');
    expect(fields['involvedObject.fieldPath']).toBe('spec.containers{c}');
    expect(fields['involvedObject.apiVersion']).toBe('');
    expect(fields['source']).toBe('kubelet');
    expect(fields['reportingComponent']).toBe('kubelet');
  });

  it('gives events.k8s.io events their regarding fields', () => {
    const event = object('Event', {
      regarding: { kind: 'Pod', name: 'p1' },
      reportingController: 'ctl',
      deprecatedSource: { component: 'old' },
    });
    const fields = selectableFields('events.k8s.io', 'events', event);
    expect(fields['regarding.name']).toBe('p1');
    expect(fields['reportingController']).toBe('ctl');
    expect(fields['source']).toBe('old');
  });

  it.each<[string, Record<string, Json>, string, string]>([
    ['/namespaces', { status: { phase: 'Terminating' } }, 'status.phase', 'Terminating'],
    ['/nodes', { spec: { unschedulable: true } }, 'spec.unschedulable', 'true'],
    ['/nodes', {}, 'spec.unschedulable', 'false'],
    ['/secrets', { type: 'Opaque' }, 'type', 'Opaque'],
    ['/services', { spec: { type: 'NodePort' } }, 'spec.type', 'NodePort'],
    ['apps/replicasets', { status: { replicas: 3 } }, 'status.replicas', '3'],
    ['batch/jobs', { status: { succeeded: 2 } }, 'status.successful', '2'],
  ])('%s gives %j the field %s = %j', (groupResource, body, field, value) => {
    const [group = '', resource = ''] = groupResource.split('/');
    expect(selectableFields(group, resource, object('X', body))[field]).toBe(value);
  });
});

describe('crdSelectableFields', () => {
  it('evaluates simple paths and renders strings, integers and booleans', () => {
    const vm = object('VirtualMachine', {
      spec: { running: true, cpus: 2, name: 'a', nested: { x: 'y' } },
    });
    expect(
      crdSelectableFields(vm, [
        '.spec.running',
        '.spec.cpus',
        '.spec.name',
        '.spec.nested',
        '.spec.missing',
      ]),
    ).toEqual({
      'metadata.name': 'x',
      'metadata.namespace': 'ns',
      'spec.running': 'true',
      'spec.cpus': '2',
      'spec.name': 'a',
    });
  });
});

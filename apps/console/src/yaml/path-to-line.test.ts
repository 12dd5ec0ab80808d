import { describe, expect, it } from 'vitest';
import { fieldPathSegments, pathToLine } from './path-to-line.ts';

const vm = [
  'apiVersion: kubevirt.io/v1', // 1
  'kind: VirtualMachine', // 2
  'metadata:', // 3
  '  name: fedora', // 4
  '  labels:', // 5
  '    app.kubernetes.io/name: fedora', // 6
  'spec:', // 7
  '  running: false', // 8
  '  template:', // 9
  '    spec:', // 10
  '      domain:', // 11
  '        cpu:', // 12
  '          cores: 2', // 13
  '        devices:', // 14
  '          disks:', // 15
  '            - name: root', // 16
  '              disk:', // 17
  '                bus: virtio', // 18
  '            - name: cloudinit', // 19
  '              disk: {bus: sata}', // 20
  '      volumes:', // 21
  '      - name: root', // 22
  '        containerDisk:', // 23
  '          image: quay.io/containerdisks/fedora', // 24
].join('\n');

const flow = [
  '# a comment first', // 1
  '{apiVersion: v1, kind: ConfigMap,', // 2
  ' metadata: {name: x, "odd key": 1},', // 3
  ' data: {a: "1", list: [one, two,', // 4
  '   {deep: yes}]}}', // 5
].join('\n');

describe('fieldPathSegments', () => {
  it.each([
    ['spec.template.spec.domain.cpu.cores', ['spec', 'template', 'spec', 'domain', 'cpu', 'cores']],
    ['spec.containers[0].image', ['spec', 'containers', 0, 'image']],
    ['.spec.running', ['spec', 'running']],
    ['metadata.labels[app.kubernetes.io/name]', ['metadata', 'labels', 'app.kubernetes.io/name']],
    ['a[1][2].b', ['a', 1, 2, 'b']],
    ['data["x.y"]', ['data', 'x.y']],
    ['', []],
  ])('splits %j into its steps', (path, segments) => {
    expect(fieldPathSegments(path)).toEqual(segments);
  });
});

describe('pathToLine', () => {
  it.each([
    ['apiVersion', 1, 1],
    ['metadata.name', 4, 3],
    ['metadata.labels[app.kubernetes.io/name]', 6, 5],
    ['spec.running', 8, 3],
    ['.spec.running', 8, 3],
    ['spec.template.spec.domain.cpu.cores', 13, 11],
    ['spec.template.spec.domain.devices.disks[0]', 16, 15],
    ['spec.template.spec.domain.devices.disks[0].disk.bus', 18, 17],
    ['spec.template.spec.domain.devices.disks[1].name', 19, 15],
    ['spec.template.spec.domain.devices.disks[1].disk.bus', 20, 22],
    ['spec.template.spec.volumes[0].containerDisk.image', 24, 11],
  ])('places %s of a block-style object at line %i, column %i', (path, line, column) => {
    expect(pathToLine(vm, path)).toEqual({ line, column, exact: true });
  });

  it.each([
    ['kind', 2, 18],
    ['metadata.name', 3, 13],
    ['metadata["odd key"]', 3, 22],
    ['data.a', 4, 9],
    ['data.list[1]', 4, 29],
    ['data.list[2].deep', 5, 5],
  ])('places %s of a flow-style object at line %i, column %i', (path, line, column) => {
    expect(pathToLine(flow, path)).toEqual({ line, column, exact: true });
  });

  it.each([
    ['spec.template.spec.domain.cpu.sockets', 12, 9, 'a missing key: its map'],
    ['spec.template.spec.domain.devices.disks[5].name', 15, 11, 'a missing index: its sequence'],
    ['spec.runStrategy', 7, 1, 'a missing top-level member: its parent'],
    ['status.ready', 1, 1, 'a missing root member: the first line'],
    ['metadata.name.first', 4, 3, 'a step into a scalar: the scalar'],
    ['metadata.labels[0]', 5, 3, 'an index into a map: the map'],
  ])('places %s at line %i, column %i (%s)', (path, line, column) => {
    expect(pathToLine(vm, path)).toEqual({ line, column, exact: false });
  });

  it('lands a missing path of a flow-style object on its nearest parent', () => {
    expect(pathToLine(flow, 'data.list[9]')).toEqual({ line: 4, column: 17, exact: false });
  });

  it.each([
    ['an empty text', ''],
    ['a scalar document', 'just text'],
    ['an unterminated flow map', '{a: [1, 2'],
    ['a tab-indented map', 'a:\n\tb: 1'],
  ])('does not throw on %s', (_, text) => {
    expect(pathToLine(text, 'a.b').line).toBe(1);
  });

  it('counts lines after a document start marker and comments', () => {
    expect(pathToLine('---\n# c\nspec:\n  x: 1\n', 'spec.x')).toEqual({
      line: 4,
      column: 3,
      exact: true,
    });
  });
});

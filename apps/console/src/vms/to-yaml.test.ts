import { describe, expect, it } from 'vitest';
import { toYaml } from './to-yaml.ts';

describe('toYaml', () => {
  it('writes nested maps and lists as block YAML', () => {
    const object = {
      kind: 'VirtualMachine',
      metadata: { name: 'vm', labels: { app: 'web' }, finalizers: [] },
      spec: { disks: [{ name: 'root', bus: 'virtio' }, 'plain'], running: true, cores: 2 },
    };
    expect(toYaml(object)).toBe(
      [
        'kind: VirtualMachine',
        'metadata:',
        '  name: vm',
        '  labels:',
        '    app: web',
        '  finalizers: []',
        'spec:',
        '  disks:',
        '  - name: root',
        '    bus: virtio',
        '  - plain',
        '  running: true',
        '  cores: 2',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['true', '"true"'],
    ['123', '"123"'],
    ['', '""'],
    ['a: b', '"a: b"'],
    ['line\nbreak', '"line\\nbreak"'],
    ['#comment', '"#comment"'],
    ['2Gi', '2Gi'],
  ])('quotes the string %j only when it could be misread', (value, written) => {
    expect(toYaml({ v: value })).toBe(`v: ${written}\n`);
  });
});

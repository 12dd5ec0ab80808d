import { describe, expect, it } from 'vitest';
import { KubeError, type KubeErrorCause } from '../k8s/index.ts';
import { serverDiagnostics } from './server-diagnostics.ts';

const text = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  'spec:',
  '  containers:',
  '  - name: app',
  '    image: x',
  '',
].join('\n');

function failure(message: string, causes: KubeErrorCause[] = []): KubeError {
  return new KubeError({ code: 422, reason: 'Invalid', message, causes });
}

describe('serverDiagnostics', () => {
  it.each([
    [
      'a cause with a field',
      failure('Pod "web" is invalid', [
        { field: 'spec.containers[0].image', message: 'Required value' },
      ]),
      [{ line: 8, column: 5, message: 'spec.containers[0].image: Required value' }],
    ],
    [
      'a cause whose message already names the field, with a leading dot',
      failure('x', [{ field: '.metadata.name', message: 'metadata.name: Invalid value: "Web"' }]),
      [{ line: 4, column: 3, message: 'metadata.name: Invalid value: "Web"' }],
    ],
    [
      'Strict decoding problems named only in the message',
      failure(
        'strict decoding error: unknown field "spec.containers[0].colour", duplicate field "kind"',
      ),
      [
        { line: 7, column: 5, message: 'unknown field "spec.containers[0].colour"' },
        { line: 2, column: 1, message: 'duplicate field "kind"' },
      ],
    ],
    [
      'a cause without a field that names an unknown field',
      failure('denied', [{ message: 'unknown field "spec.nope"' }]),
      [{ line: 5, column: 1, message: 'unknown field "spec.nope"' }],
    ],
    [
      'a message without field problems',
      failure('admission webhook "x" denied the request: no'),
      [],
    ],
  ])('places %s', (_, error, expected) => {
    expect(serverDiagnostics(error, text)).toEqual(
      expected.map((diagnostic) => ({ ...diagnostic, severity: 'error' })),
    );
  });

  it('lists a problem the message and a cause both name once', () => {
    const error = failure('strict decoding error: unknown field "spec.x"', [
      { message: 'strict decoding error: unknown field "spec.x"' },
    ]);
    expect(serverDiagnostics(error, text)).toHaveLength(1);
  });
});

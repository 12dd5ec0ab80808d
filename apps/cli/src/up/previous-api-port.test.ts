import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { previousApiPort } from './previous-api-port.ts';

describe('previousApiPort', () => {
  it('reads the port of the data dir’s kubeconfig, and gives 0 for a new data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podvisor-port-'));
    expect(previousApiPort(dir)).toBe(0);
    writeFileSync(
      join(dir, 'kubeconfig'),
      'clusters:\n- cluster:\n    server: https://127.0.0.1:41234\n  name: podvisor\n',
    );
    expect(previousApiPort(dir)).toBe(41234);
  });
});

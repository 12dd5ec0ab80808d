import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'podvisor.js');

describe('podvisor cluster', () => {
  it('serves, prints how to use it, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'podvisor-cli-'));
    const child = spawn(process.execPath, [bin, 'cluster', '--data-dir', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Press Ctrl-C to stop.')) resolve();
      });
      child.on('exit', (code) => {
        reject(new Error(`exited early with ${String(code)}: ${out}`));
      });
    });
    expect(out).toMatch(/^Podvisor cluster API: https:\/\/127\.0\.0\.1:\d+$/m);
    expect(out).toContain(`export KUBECONFIG=${join(dataDir, 'kubeconfig')}`);
    expect(existsSync(join(dataDir, 'kubeconfig'))).toBe(true);
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { openStore } from './open-store.ts';

const writer = join(import.meta.dirname, 'durability-writer.ts');
const killAfter = 300;
const directories: string[] = [];

afterEach(() => {
  directories.splice(0).forEach((directory) => {
    rmSync(directory, { recursive: true, force: true });
  });
});

interface WriterRun {
  /** Every complete "<key> <resourceVersion>" line the writer printed. */
  readonly acknowledged: { key: string; revision: string }[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the writer and SIGKILLs it as soon as it acknowledged `killAfter` writes. */
function runWriterUntilKilled(path: string): Promise<WriterRun> {
  const child: ChildProcess = spawn(process.execPath, [writer, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.split('\n').length > killAfter && child.exitCode === null) {
      child.kill('SIGKILL');
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      const lines = stdout.split('\n').slice(0, -1);
      const acknowledged = lines.map((line) => {
        const [key = '', revision = ''] = line.split(' ');
        return { key, revision };
      });
      resolve({ acknowledged, signal, stderr });
    });
  });
}

describe('store durability', () => {
  it('keeps every acknowledged write when the writer is killed with SIGKILL', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'podvisor-durability-'));
    directories.push(directory);
    const path = join(directory, 'store.db');

    const run = await runWriterUntilKilled(path);
    expect(run.signal, run.stderr).toBe('SIGKILL');
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(killAfter);

    const store = openStore({ path });
    try {
      const missing = run.acknowledged.filter(
        ({ key, revision }) => store.get(key)?.metadata.resourceVersion !== revision,
      );
      expect(missing).toEqual([]);
      const lastRevision = Number(run.acknowledged.at(-1)?.revision);
      expect(store.currentRevision()).toBeGreaterThanOrEqual(lastRevision);
      const next = store.create('/core/configmaps/default/after-restart', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'after-restart' },
      });
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(lastRevision);
    } finally {
      store.close();
    }
  });
});

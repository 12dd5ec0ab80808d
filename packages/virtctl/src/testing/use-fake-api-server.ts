import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { main } from '../main.ts';
import { captureIo } from './capture-io.ts';
import { startFakeApiServer, type FakeApiServer } from './start-fake-api-server.ts';

/** A finished `kubectl virt` run: exit code and output. */
export interface VirtctlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The test file's fake API server and a `run(argv)` of the plugin against it. */
export interface FakeApiServerSuite {
  /** The server, started in `beforeAll`. */
  readonly server: () => FakeApiServer;
  /** Runs `kubectl virt <prefix…> <argv…>` with KUBECONFIG pointing at the server. */
  readonly run: (argv: readonly string[]) => Promise<VirtctlRun>;
}

/**
 * Starts a fake API server and a scratch HOME for the test file (`beforeAll`), stops and
 * removes them afterwards (`afterAll`). `prefix` is put before every run's argv.
 */
export function useFakeApiServer(prefix: readonly string[] = []): FakeApiServerSuite {
  let server: FakeApiServer | undefined;
  let home = '';
  beforeAll(async () => {
    server = await startFakeApiServer();
    home = mkdtempSync(join(tmpdir(), 'virtctl-home-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(home, { recursive: true, force: true });
  });
  const started = (): FakeApiServer => {
    if (server === undefined) throw new Error('the fake API server starts in beforeAll');
    return server;
  };
  return {
    server: started,
    run: async (argv) => {
      const io = captureIo({ env: { KUBECONFIG: started().kubeconfigPath, HOME: home } });
      const code = await main([...prefix, ...argv], io);
      return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
    },
  };
}

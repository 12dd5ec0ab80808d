// The launcher pod's Node processes stay lean: virt-launcher and virt-tail run once per VM, beside
// QEMU, inside KubeVirt's 190 MiB budget for the pod's other processes. Each loads only what it
// uses; the heavy entries (`@podvisor/kube`'s main one, which pulls in @kubernetes/client-node,
// ~100 MiB of RSS; `@podvisor/api`'s, with every type and validator) must not creep back in.
// Deterministic: the set of modules each process resolves, recorded by a resolve hook.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const cmdDir = join(import.meta.dirname, '..', 'cmd');
const scratch = mkdtempSync(join(tmpdir(), 'podvisor-module-graph-'));
let runs = 0;

/** Preloaded with `--import`: appends every module the process resolves to `$MODULE_GRAPH_OUT`. */
const recordHook = [
  "import { registerHooks } from 'node:module';",
  "import { appendFileSync } from 'node:fs';",
  'const out = process.env.MODULE_GRAPH_OUT;',
  'registerHooks({ resolve(specifier, context, next) {',
  "  const resolved = next(specifier, context); appendFileSync(out, resolved.url + '\\n');",
  '  return resolved;',
  '} });',
].join('\n');

/** What must never be loaded by either process, as a fragment of the resolved URL. */
const heavy = [
  '/node_modules/@kubernetes/client-node/',
  '/node_modules/prom-client/',
  '/node_modules/@peculiar/x509/',
  '/packages/kube/src/index.ts',
  '/packages/api/src/index.ts',
  '/launcher/guest-images/build-guest-image.ts',
];

/**
 * Every module `cmd/<name>.ts` resolves before it exits on an unknown flag (all its static
 * imports are loaded by then; nothing is started).
 */
function moduleGraphOf(name: string): string[] {
  runs += 1;
  const out = join(scratch, `${name}-${String(runs)}.modules`);
  const run = spawnSync(
    process.execPath,
    [
      `--import=data:text/javascript,${encodeURIComponent(recordHook)}`,
      join(cmdDir, `${name}.ts`),
      '--no-such-flag-module-graph-check',
    ],
    { env: { ...process.env, MODULE_GRAPH_OUT: out }, encoding: 'utf8', timeout: 60_000 },
  );
  if (run.status !== 2) {
    throw new Error(`${name} exited ${String(run.status)} (expected 2): ${run.stderr}`);
  }
  return readFileSync(out, 'utf8').split('\n').filter(Boolean);
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('the launcher pod module graph', () => {
  it.each(['virt-launcher', 'virt-tail'])('%s loads none of the heavy entries', (name) => {
    const modules = moduleGraphOf(name);
    expect(modules.some((url) => url.endsWith('/packages/kube/src/process.ts'))).toBe(true);
    expect(modules.filter((url) => heavy.some((fragment) => url.includes(fragment)))).toEqual([]);
  });

  it('virt-tail loads no libvirt, domain or protocol code', () => {
    const modules = moduleGraphOf('virt-tail');
    const ours = modules.filter((url) => url.includes('/packages/operator/src/'));
    const names = new Set(ours.map((url) => url.replace(/^.*\/packages\/operator\/src\//, '')));
    expect([...names].sort()).toEqual([
      'cmd/virt-tail.ts',
      'launcher/virt-tail-config.ts',
      'launcher/virt-tail.ts',
    ]);
  });
});

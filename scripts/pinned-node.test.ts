import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedNode, pinnedNodePath, projectRoot } from './pinned-node.mjs';

describe('isSupportedNode', () => {
  it.each([
    ['24.11.0', true],
    ['26.1.0', true],
    ['20.20.2', false],
    ['garbage', false],
  ])('%s → %s', (version, expected) => {
    expect(isSupportedNode(version)).toBe(expected);
  });
});

describe('bins on an old system Node', () => {
  // The machines' system Node is 20; the bins must hand over to the pinned Node 24.
  const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));

  it.runIf(systemNode !== undefined)('podvisor re-runs itself on the pinned Node', () => {
    const script = `process.stdout.write(process.version)`;
    expect(execFileSync(pinnedNodePath, ['-e', script], { encoding: 'utf8' })).toMatch(/^v24\./);
    const help = execFileSync(
      systemNode ?? 'node',
      [join(projectRoot, 'apps/cli/bin/podvisor.js'), '--help'],
      {
        encoding: 'utf8',
      },
    );
    expect(help).toContain('Usage: podvisor <command>');
  });
});

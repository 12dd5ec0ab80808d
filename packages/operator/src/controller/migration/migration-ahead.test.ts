import type { VirtualMachineInstanceMigrationPhase } from '@podvisor/api';
import { describe, expect, it } from 'vitest';
import { migrationAhead } from './migration-ahead.ts';
import { testMigration } from './test-migration.ts';

type Phase = VirtualMachineInstanceMigrationPhase | undefined;

function other(name: string, phase: Phase, created: string, vmiName = 'testvmi') {
  const migration = testMigration(phase, { name, uid: `${name}-uid`, created });
  migration.spec.vmiName = vmiName;
  return migration;
}

const mine = testMigration('Pending', { created: '2026-01-01T00:05:00Z' });

describe('migrationAhead lets one migration per VMI run at a time', () => {
  it.each<[string, ReturnType<typeof other>[], string | undefined]>([
    ['alone: its turn', [], undefined],
    ['itself in the list: its turn', [mine], undefined],
    ['an older pending one goes first', [other('old', 'Pending', '2026-01-01T00:01:00Z')], 'old'],
    ['a newer pending one waits', [other('new', 'Pending', '2026-01-01T00:09:00Z')], undefined],
    ['a newer one under way goes first', [other('run', 'Running', '2026-01-01T00:09:00Z')], 'run'],
    [
      'a finished one is no obstacle',
      [other('done', 'Succeeded', '2026-01-01T00:01:00Z')],
      undefined,
    ],
    ['a failed one is no obstacle', [other('bad', 'Failed', '2026-01-01T00:01:00Z')], undefined],
    [
      'one for another VMI is no obstacle',
      [other('else', 'Running', '2026-01-01T00:01:00Z', 'othervmi')],
      undefined,
    ],
    ['the same age: by name', [other('a-first', 'Pending', '2026-01-01T00:05:00Z')], 'a-first'],
  ])('%s', (_, others, expected) => {
    expect(migrationAhead(mine, others)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { statusBody } from '../testing/start-fake-api-server.ts';
import { useFakeApiServer } from '../testing/use-fake-api-server.ts';
import { isActiveMigrationOf } from './migrate-cancel.ts';

const migrations = '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstancemigrations';
const fake = useFakeApiServer();
const run = fake.run;

function migration(name: string, vmiName: string, phase?: string) {
  return { metadata: { name }, spec: { vmiName }, ...(phase ? { status: { phase } } : {}) };
}

describe('kubectl virt migrate-cancel', () => {
  it('deletes the active migration of the VM, skipping finished ones and other VMs', async () => {
    fake.server().answer('GET', migrations, {
      status: 200,
      body: {
        items: [
          migration('old', 'vm1', 'Succeeded'),
          migration('theirs', 'vm2', 'Running'),
          migration('current', 'vm1', 'Running'),
        ],
      },
    });
    fake.server().answer('DELETE', `${migrations}/current`, { status: 200, body: {} });
    const result = await run(['migrate-cancel', 'vm1']);
    expect(result).toEqual({
      code: 0,
      stdout: 'VM vm1 was scheduled to migrate-cancel\n',
      stderr: '',
    });
    expect(fake.server().requests.at(-1)).toMatchObject({
      method: 'DELETE',
      path: `${migrations}/current`,
    });
  });

  it.each([
    [
      'no migration is active',
      [migration('old', 'vm1', 'Failed')],
      { status: 200, body: {} },
      'Found no migration to cancel for vm1\n',
    ],
    [
      'the delete is forbidden',
      [migration('current', 'vm1', 'Scheduling')],
      { status: 403, body: statusBody(403, 'Forbidden', 'user cannot delete') },
      'Error canceling migration current of a VirtualMachine vm1: user cannot delete\n',
    ],
  ])('fails with virtctl message when %s (exit 1)', async (_case, items, deleteAnswer, stderr) => {
    fake.server().answer('GET', migrations, { status: 200, body: { items } });
    fake.server().answer('DELETE', `${migrations}/current`, deleteAnswer);
    expect(await run(['migrate-cancel', 'vm1'])).toMatchObject({ code: 1, stdout: '', stderr });
  });
});

describe('isActiveMigrationOf', () => {
  it.each([
    [migration('m', 'vm1'), true],
    [migration('m', 'vm1', 'TargetReady'), true],
    [migration('m', 'vm1', 'Succeeded'), false],
    [migration('m', 'vm2', 'Running'), false],
    [{ metadata: { name: 'm', labels: { 'kubevirt.io/vmi-name': 'vm1' } } }, true],
  ])('%j is an active migration of vm1: %s', (m, want) => {
    expect(isActiveMigrationOf(m, 'vm1')).toBe(want);
  });
});

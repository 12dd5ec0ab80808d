import type { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from '@podvisor/kube';
import { serverErrorFrom } from '../server-error.ts';
import { defineCommand, type CommandContext } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

/** The fields of a VirtualMachineInstanceMigration that migrate-cancel reads. */
interface MigrationView {
  readonly metadata?: { readonly name?: string; readonly labels?: Record<string, string> };
  readonly spec?: { readonly vmiName?: string };
  readonly status?: { readonly phase?: string };
}

function migrationsPath(namespace: string): string {
  return `/apis/kubevirt.io/v1/namespaces/${encodeURIComponent(namespace)}/virtualmachineinstancemigrations`;
}

/** A failed API call as client-go words it (the Status message). */
function asServerError(error: unknown): unknown {
  const { code, body } = error as { code?: unknown; body?: unknown };
  if (typeof code === 'number' && typeof body === 'string') return serverErrorFrom(code, body);
  return error;
}

async function call(kubeConfig: KubeConfig, request: Parameters<typeof requestJson>[1]) {
  try {
    return await requestJson(kubeConfig, request);
  } catch (error) {
    throw asServerError(error);
  }
}

/** Whether a migration of `vmi` has not reached Succeeded or Failed (KubeVirt's !IsFinal). */
export function isActiveMigrationOf(migration: MigrationView, vmi: string): boolean {
  const forVmi =
    migration.metadata?.labels?.['kubevirt.io/vmi-name'] === vmi || migration.spec?.vmiName === vmi;
  const phase = migration.status?.phase;
  return forVmi && phase !== 'Succeeded' && phase !== 'Failed';
}

async function cancelMigration(context: CommandContext): Promise<number> {
  const [vmi = ''] = context.args;
  const { kubeConfig, namespace } = context.access();
  let items: MigrationView[];
  try {
    const list = (await call(kubeConfig, { method: 'GET', path: migrationsPath(namespace) })) as {
      items?: MigrationView[];
    };
    items = list.items ?? [];
  } catch (error) {
    throw new Error(`Error fetching virtual machine instance migration list ${messageOf(error)}`, {
      cause: error,
    });
  }
  const active = items.find((m) => isActiveMigrationOf(m, vmi));
  const name = active?.metadata?.name;
  if (name === undefined) throw new Error(`Found no migration to cancel for ${vmi}`);
  try {
    const path = `${migrationsPath(namespace)}/${encodeURIComponent(name)}`;
    await call(kubeConfig, { method: 'DELETE', path });
  } catch (error) {
    throw new Error(
      `Error canceling migration ${name} of a VirtualMachine ${vmi}: ${messageOf(error)}`,
      { cause: error },
    );
  }
  context.io.stdout.write(`VM ${vmi} was scheduled to migrate-cancel\n`);
  return 0;
}

/**
 * `kubectl virt migrate-cancel VM`: deletes the VM's active VirtualMachineInstanceMigration, which
 * cancels it (the migration controller aborts the live migration before the object goes).
 */
export const migrateCancelCommand = defineCommand({
  name: 'migrate-cancel',
  summary: 'Cancel the active migration of a virtual machine.',
  usage: 'VM',
  flags: {},
  args: 1,
  run: cancelMigration,
});

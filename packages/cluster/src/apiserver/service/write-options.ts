import { statusErrors } from '../status-error.ts';
import type { UserInfo } from '../user-info.ts';

/** How unknown fields are treated (`fieldValidation`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options every write takes from its query string. */
export interface WriteOptions {
  readonly dryRun: boolean;
  readonly fieldManager: string;
  readonly fieldValidation: FieldValidation;
  /** The requesting user, for admission; absent for the server's own writes. */
  readonly user?: UserInfo;
}

/** Options of a PATCH. */
export interface PatchOptions extends WriteOptions {
  readonly force: boolean;
  /** Whether `fieldManager` was given explicitly (server-side apply requires it). */
  readonly fieldManagerGiven: boolean;
}

/** The default field manager when a client names none: the user agent's program name, as Kubernetes does. */
export function defaultFieldManager(userAgent: string | undefined): string {
  const program = (userAgent ?? '').split('/')[0]?.trim() ?? '';
  return program === '' ? 'unknown' : program.slice(0, 128);
}

/** Reads `dryRun` (only `All` exists). */
function dryRunOption(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  const bad = values.find((v) => v !== 'All');
  if (bad !== undefined)
    throw statusErrors.badRequest(
      `dryRun: Unsupported value: ${JSON.stringify(bad)}: supported values: "All"`,
    );
  return values.length > 0;
}

/** Reads `dryRun`, `fieldManager`, `fieldValidation` (and for patches `force`), checking each. */
export function writeOptions(query: URLSearchParams, userAgent: string | undefined): PatchOptions {
  const dryRun = dryRunOption(query);
  const validation = query.get('fieldValidation') ?? 'Warn';
  if (validation !== 'Strict' && validation !== 'Warn' && validation !== 'Ignore') {
    throw statusErrors.badRequest(
      `fieldValidation: Unsupported value: ${JSON.stringify(validation)}: supported values: "Ignore", "Strict", "Warn"`,
    );
  }
  const manager = query.get('fieldManager');
  if (manager !== null && (manager.length > 128 || manager === '')) {
    throw statusErrors.badRequest(
      `fieldManager: Invalid value: ${JSON.stringify(manager)}: must be between 1 and 128 characters`,
    );
  }
  const force = query.get('force');
  if (force !== null && force !== 'true' && force !== 'false')
    throw statusErrors.badRequest(
      `force: Invalid value: ${JSON.stringify(force)}: must be true or false`,
    );
  return {
    dryRun,
    fieldManager: manager ?? defaultFieldManager(userAgent),
    fieldManagerGiven: manager !== null,
    fieldValidation: validation,
    force: force === 'true',
  };
}

import type { VmFormField } from './vm-form-model.ts';

// Server field paths (API server schema validation, virt-api admission) → the form field that
// shows them. Indexes (`volumes[0]`) are ignored; the first rule that matches wins.
const rules: readonly (readonly [RegExp, VmFormField])[] = [
  [/^metadata\.name$/, 'name'],
  [/^metadata\.namespace$/, 'namespace'],
  [/^metadata\.labels\b/, 'labels'],
  [/^spec\.(runStrategy|running)$/, 'runStrategy'],
  [/^spec\.template\.spec\.domain\.cpu\b/, 'cores'],
  [/^spec\.template\.spec\.domain\.resources\.(requests|limits)\.memory$/, 'memory'],
  [/^spec\.template\.spec\.domain\.memory\b/, 'memory'],
  [/^spec\.template\.spec\.volumes\.containerDisk\b/, 'image'],
  [/^spec\.template\.spec\.volumes\.cloudInitNoCloud\b/, 'userData'],
];

/**
 * The form field a server error's `causes[].field` belongs to (e.g.
 * `spec.template.spec.domain.resources.requests.memory` → `memory`), undefined when the form has
 * no such field (the page shows those in an alert).
 */
export function fieldForCause(field: string | undefined): VmFormField | undefined {
  if (field === undefined) return undefined;
  const path = field.replace(/\[[^\]]*\]/g, '').trim();
  return rules.find(([pattern]) => pattern.test(path))?.[1];
}

/** What the page needs of a failed create (a `KubeError`'s shape). */
export interface CreateFailure {
  readonly code: number;
  readonly reason: string;
  readonly message: string;
  readonly causes: readonly { readonly field?: string; readonly message: string }[];
}

/** A failed create split into messages at form fields and the rest (for an alert). */
export interface SplitServerError {
  readonly fields: Partial<Record<VmFormField, string>>;
  /** True when something could not be shown at a field: the page shows the server's message. */
  readonly unmapped: boolean;
}

/**
 * Splits a failed create: 409 (AlreadyExists) goes to the name; each cause whose field the form
 * has goes to that field (several joined); anything else, or no causes at all, is unmapped.
 */
export function splitServerError(failure: CreateFailure): SplitServerError {
  if (failure.code === 409) return { fields: { name: failure.message }, unmapped: false };
  const fields: Partial<Record<VmFormField, string>> = {};
  let unmapped = failure.causes.length === 0;
  for (const cause of failure.causes) {
    const field = fieldForCause(cause.field);
    if (field === undefined) unmapped = true;
    else
      fields[field] =
        fields[field] === undefined ? cause.message : `${fields[field]}; ${cause.message}`;
  }
  return { fields, unmapped };
}

import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { k8sCreate, k8sSubresource } from '../k8s/index.ts';
import { vmHref } from '../vms/vm-href.ts';
import { splitServerError, type CreateFailure } from './field-for-cause.ts';
import type { VmFormErrors } from './validate-vm-form.ts';
import { toVirtualMachine, type VmFormField } from './vm-form-model.ts';
import type { VmDraft } from './use-vm-draft.ts';

/** A failed create: messages at fields, and the server's message when some are not. */
export interface CreateProblem {
  readonly fields: VmFormErrors;
  /** The alert's text (the server's message), when something could not be shown at a field. */
  readonly alert: string | undefined;
  /** Set when the VM was created but `start` failed (run strategy Manual). */
  readonly created?: { readonly namespace: string; readonly name: string };
}

/** The state of the Create button's request. */
export interface CreateVm {
  readonly busy: boolean;
  readonly problem: CreateProblem | undefined;
  readonly create: (draft: VmDraft) => Promise<void>;
  /** Forgets the server's message at `field` (when the user edits it). */
  readonly clearField: (field: VmFormField) => void;
}

function asFailure(error: unknown): CreateFailure {
  if (typeof error === 'object' && error !== null && 'code' in error && 'causes' in error)
    return error as CreateFailure;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 0, reason: 'Unknown', message, causes: [] };
}

function problemOf(error: unknown): CreateProblem {
  const failure = asFailure(error);
  const split = splitServerError(failure);
  return { fields: split.fields, alert: split.unmapped ? failure.message : undefined };
}

const startPath = (namespace: string, name: string): string =>
  `/apis/subresources.kubevirt.io/v1/namespaces/${encodeURIComponent(namespace)}/virtualmachines/${encodeURIComponent(name)}/start`;

/**
 * Creates the draft's VirtualMachine (and starts it once for Manual + Start now), then opens its
 * details page keeping `?ns=`; a refusal becomes a {@link CreateProblem}.
 */
export function useCreateVm(): CreateVm {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<CreateProblem | undefined>(undefined);

  const create = async ({ form, base }: VmDraft): Promise<void> => {
    const vm = toVirtualMachine(form, base);
    const { namespace, name } = form;
    setBusy(true);
    setProblem(undefined);
    try {
      await k8sCreate(
        { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines', namespace },
        vm,
      );
    } catch (error) {
      setProblem(problemOf(error));
      setBusy(false);
      return;
    }
    try {
      if (form.startNow && form.runStrategy === 'Manual')
        await k8sSubresource('PUT', startPath(namespace, name));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setProblem({ fields: {}, alert: message, created: { namespace, name } });
      setBusy(false);
      return;
    }
    const ns = params.get('ns');
    const search = ns === null ? '' : `?${new URLSearchParams({ ns }).toString()}`;
    void navigate(`${vmHref(namespace, name)}${search}`);
  };

  const clearField = (field: VmFormField): void => {
    setProblem((current) => {
      if (current?.fields[field] === undefined) return current;
      const fields = Object.fromEntries(
        Object.entries(current.fields).filter(([key]) => key !== field),
      );
      return { ...current, fields };
    });
  };

  return { busy, problem, create, clearField };
}

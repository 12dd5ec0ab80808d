import { Alert, PageSection, Title, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { type ReactElement, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useNamespace } from '../app/use-namespace.ts';
import { useNamespaces } from '../app/use-namespaces.ts';
import { useAccess } from '../k8s/index.ts';
import { vmHref } from '../vms/vm-href.ts';
import { CreateVmButtons } from './CreateVmButtons.tsx';
import { useCreateVm, type CreateProblem } from './use-create-vm.ts';
import { useVmDraft } from './use-vm-draft.ts';
import { validateVmForm, type VmFormErrors } from './validate-vm-form.ts';
import type { VmFormField } from './vm-form-model.ts';
import { VmForm } from './VmForm.tsx';
import { VmYamlPane } from './VmYamlPane.tsx';

type View = 'form' | 'yaml';

function useView(): [View, (view: View) => void] {
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'yaml' ? 'yaml' : 'form';
  const setView = (next: View): void => {
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next === 'yaml') updated.set('view', 'yaml');
      else updated.delete('view');
      return updated;
    });
  };
  return [view, setView];
}

/** Server errors win; client errors show once the field was touched or Create was pressed. */
function shownErrors(
  client: VmFormErrors,
  server: VmFormErrors,
  shouldShow: (field: VmFormField) => boolean,
): VmFormErrors {
  const shown: VmFormErrors = { ...server };
  for (const [field, message] of Object.entries(client) as [VmFormField, string][])
    if (shown[field] === undefined && shouldShow(field)) shown[field] = message;
  return shown;
}

function ProblemAlert({ problem, name }: { problem: CreateProblem | undefined; name: string }) {
  if (problem?.alert === undefined) return null;
  const { created } = problem;
  if (created !== undefined)
    return (
      <Alert variant="warning" isInline title={`Created ${created.name}, but could not start it`}>
        {problem.alert}{' '}
        <Link to={vmHref(created.namespace, created.name)}>Open {created.name}</Link>
      </Alert>
    );
  return (
    <Alert variant="danger" isInline title={`Could not create VirtualMachine ${name}`}>
      {problem.alert}
    </Alert>
  );
}

function FieldErrorsAlert({ errors }: { errors: VmFormErrors }) {
  const messages = Object.values(errors);
  if (messages.length === 0) return null;
  return (
    <Alert variant="danger" isInline title="Fix these fields to create the VirtualMachine">
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </Alert>
  );
}

function createDisabledReason(
  access: ReturnType<typeof useAccess>,
  namespace: string,
  yamlError: boolean,
) {
  const [allowed, loading, reason] = access;
  if (loading) return 'Checking whether you may create virtual machines…';
  if (!allowed)
    return `You may not create virtualmachines in namespace ${namespace}${reason === undefined ? '' : `: ${reason}`}`;
  return yamlError ? 'Fix the YAML error first' : undefined;
}

/**
 * Create VirtualMachine (`/vms/~new`): a form kept in sync with a YAML view both ways (`?view=yaml`),
 * checked as typed, created through the API server with its refusals shown at the fields.
 */
export function CreateVirtualMachinePage(): ReactElement {
  const [selected] = useNamespace();
  const [view, setView] = useView();
  const { draft, yaml, touched, setField, editYaml } = useVmDraft(
    selected ?? 'default',
    view === 'yaml',
  );
  const { busy, problem, create, clearField } = useCreateVm();
  const [submitted, setSubmitted] = useState(false);
  const { names } = useNamespaces();
  const navigate = useNavigate();
  const location = useLocation();
  const { form } = draft;
  const access = useAccess({
    group: 'kubevirt.io',
    resource: 'virtualmachines',
    verb: 'create',
    namespace: form.namespace,
  });
  const clientErrors = validateVmForm(form);
  const errors = shownErrors(
    clientErrors,
    problem?.fields ?? {},
    (field) => submitted || touched.has(field),
  );
  const yamlError = view === 'yaml' && yaml?.diagnostic !== undefined;

  const onCreate = (): void => {
    setSubmitted(true);
    if (Object.keys(clientErrors).length > 0 || yamlError) return;
    void create(draft);
  };
  const onCancel = (): void => {
    if (location.key !== 'default') void navigate(-1);
    else
      void navigate(
        selected === undefined
          ? '/vms'
          : `/vms?${new URLSearchParams({ ns: selected }).toString()}`,
      );
  };

  return (
    <PageSection>
      <Title headingLevel="h1">Create VirtualMachine</Title>
      <ToggleGroup aria-label="Edit as" className="pf-v6-u-my-md">
        <ToggleGroupItem
          text="Form"
          isSelected={view === 'form'}
          onChange={() => {
            setView('form');
          }}
        />
        <ToggleGroupItem
          text="YAML"
          isSelected={view === 'yaml'}
          onChange={() => {
            setView('yaml');
          }}
        />
      </ToggleGroup>
      <ProblemAlert problem={problem} name={form.name} />
      {view === 'form' ? (
        <VmForm
          form={form}
          errors={errors}
          namespaces={names}
          onChange={(field, value) => {
            clearField(field);
            setField(field, value);
          }}
          onSubmit={onCreate}
        />
      ) : (
        <>
          <FieldErrorsAlert errors={submitted ? errors : {}} />
          <VmYamlPane
            value={yaml?.text ?? ''}
            onChange={editYaml}
            diagnostics={yaml?.diagnostic === undefined ? [] : [yaml.diagnostic]}
            ariaLabel="VirtualMachine YAML"
          />
        </>
      )}
      <CreateVmButtons
        disabledReason={createDisabledReason(access, form.namespace, yamlError)}
        busy={busy}
        onCreate={onCreate}
        onCancel={onCancel}
      />
    </PageSection>
  );
}

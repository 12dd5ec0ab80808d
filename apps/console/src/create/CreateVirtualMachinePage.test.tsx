import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KubeError } from '../k8s/kube-error.ts';
import { fakeVmK8s } from '../vms/fake-vm-k8s.ts';
import {
  findEditorView,
  replaceEditorText,
  stubBrowserForCodeMirror,
} from '../yaml/codemirror-jsdom.ts';
import { CreateVirtualMachinePage } from './CreateVirtualMachinePage.tsx';
import { fakeCreateK8s } from './fake-create-k8s.ts';

vi.mock('../k8s/index.ts', async () => (await import('./fake-create-k8s.ts')).fakeCreateK8sModule);

function renderPage(url = '/vms/~new?ns=apps') {
  const router = createMemoryRouter(
    [
      { path: '/vms/~new', element: <CreateVirtualMachinePage /> },
      { path: '/vms/:namespace/:name', element: <p>details</p> },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return router;
}

/** The helper text (or error) under a field, through its aria-describedby. */
function helpOf(element: HTMLElement): string {
  const id = element.getAttribute('aria-describedby') ?? '';
  return document.getElementById(id)?.textContent ?? '';
}

const nameBox = () => screen.getByRole('textbox', { name: 'Name' });
const yamlLabel = 'VirtualMachine YAML';
const coresBox = () => screen.getByRole('spinbutton', { name: 'CPU cores' });

async function paste(label: string, text: string): Promise<void> {
  await userEvent.click(screen.getByRole('textbox', { name: label }));
  await userEvent.paste(text);
}

async function pressCreate(): Promise<void> {
  const create = screen.getByRole('button', { name: 'Create' });
  await vi.waitFor(() => {
    expect(create.getAttribute('aria-disabled')).not.toBe('true');
  });
  await userEvent.click(create);
}

/** Replaces the YAML editor's text (one transaction, as a paste would). */
async function setYaml(text: string): Promise<void> {
  await replaceEditorText(yamlLabel, text);
}

async function showYaml(): Promise<string> {
  await userEvent.click(screen.getByRole('button', { name: 'YAML' }));
  const view = await findEditorView(yamlLabel);
  await vi.waitFor(() => {
    expect(view.state.doc.toString()).toContain('kind: VirtualMachine');
  });
  return view.state.doc.toString();
}

beforeEach(() => {
  stubBrowserForCodeMirror();
  fakeCreateK8s.reset();
});
afterEach(cleanup);

describe('CreateVirtualMachinePage', () => {
  it('posts the VM the form describes and opens its details page, keeping ?ns=', async () => {
    const router = renderPage();
    await userEvent.type(nameBox(), 'web-1');
    await userEvent.click(screen.getByRole('radio', { name: /Container disk image/ }));
    await paste('Container disk image reference', 'quay.io/containerdisks/fedora:40');
    await userEvent.clear(coresBox());
    await userEvent.type(coresBox(), '2');
    await userEvent.clear(screen.getByRole('spinbutton', { name: 'Memory' }));
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Memory' }), '1');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Memory unit' }), 'Gi');
    await paste('SSH public key', 'ssh-ed25519 AAAAC3 me@host');
    await userEvent.type(screen.getByRole('textbox', { name: 'Labels' }), 'app=web');
    await pressCreate();
    expect(fakeCreateK8s.k8sCreate).toHaveBeenCalledExactlyOnceWith(
      { group: 'kubevirt.io', version: 'v1', resource: 'virtualmachines', namespace: 'apps' },
      {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachine',
        metadata: { name: 'web-1', namespace: 'apps', labels: { app: 'web' } },
        spec: {
          runStrategy: 'Always',
          template: {
            spec: {
              domain: {
                cpu: { cores: 2 },
                resources: { requests: { memory: '1Gi' } },
                devices: {
                  disks: [
                    { name: 'rootdisk', disk: { bus: 'virtio' } },
                    { name: 'cloudinitdisk', disk: { bus: 'virtio' } },
                  ],
                },
              },
              volumes: [
                { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } },
                {
                  name: 'cloudinitdisk',
                  cloudInitNoCloud: {
                    userData:
                      '#cloud-config\nssh_authorized_keys:\n  - ssh-ed25519 AAAAC3 me@host\n',
                  },
                },
              ],
            },
          },
        },
      },
    );
    await vi.waitFor(() => {
      expect(router.state.location.pathname).toBe('/vms/apps/web-1');
    });
    expect(router.state.location.search).toBe('?ns=apps');
  });

  it('checks the name as it is typed and posts nothing while a field is wrong', async () => {
    renderPage();
    await userEvent.type(nameBox(), 'Web');
    expect(helpOf(nameBox())).toContain('Name must consist of lowercase letters');
    expect(nameBox().getAttribute('aria-invalid')).toBe('true');
    await pressCreate();
    expect(fakeCreateK8s.k8sCreate).not.toHaveBeenCalled();
  });

  it('keeps the view in the URL and shows a cores edit made in the YAML in the form', async () => {
    const router = renderPage();
    await userEvent.type(nameBox(), 'vm1');
    const text = await showYaml();
    expect(router.state.location.search).toBe('?ns=apps&view=yaml');
    await setYaml(text.replace('cores: 1', 'cores: 6'));
    await vi.waitFor(async () => {
      await userEvent.click(screen.getByRole('button', { name: 'Form' }));
      expect((coresBox() as HTMLInputElement).value).toBe('6');
    });
  });

  it('keeps a field the form does not know when the form is edited afterwards', async () => {
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    const text = await showYaml();
    await setYaml(
      text
        .replace('name: vm1', 'name: vm2')
        .replace('metadata:\n', 'metadata:\n  annotations:\n    owner: team-a\n'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Form' }));
    await vi.waitFor(() => {
      expect((nameBox() as HTMLInputElement).value).toBe('vm2');
    });
    await userEvent.clear(coresBox());
    await userEvent.type(coresBox(), '3');
    await pressCreate();
    const body = fakeCreateK8s.k8sCreate.mock.calls[0]?.[1] as {
      metadata: { annotations?: Record<string, string> };
      spec: { template: { spec: { domain: { cpu: { cores: number } } } } };
    };
    expect(body.metadata.annotations).toEqual({ owner: 'team-a' });
    expect(body.spec.template.spec.domain.cpu.cores).toBe(3);
  });

  it('shows YAML that does not parse at its line, and leaves the form as it was', async () => {
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    await showYaml();
    await setYaml('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata:\n  name: [broken\n');
    expect(await screen.findByText(/^Line 5: /)).toBeDefined();
    expect(screen.getByRole('button', { name: 'Create' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Form' }));
    expect((nameBox() as HTMLInputElement).value).toBe('vm1');
  });

  it('says at its line when the YAML is not a VirtualMachine', async () => {
    renderPage();
    await showYaml();
    await setYaml('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
    expect(await screen.findByText('Line 2: kind must be VirtualMachine, not "Pod"')).toBeDefined();
  });

  it.each([
    [
      'memory',
      'spec.template.spec.domain.resources.requests.memory',
      () => screen.getByRole('spinbutton', { name: 'Memory' }),
    ],
    ['name', 'metadata.name', nameBox],
    ['cores', 'spec.template.spec.domain.cpu.cores', coresBox],
  ])("shows the server's %s cause under that field", async (_what, field, control) => {
    const message = `${field}: Invalid value: refused by the server`;
    fakeCreateK8s.k8sCreate.mockRejectedValue(
      new KubeError({
        code: 422,
        reason: 'Invalid',
        message: 'VirtualMachine "vm1" is invalid',
        causes: [{ field, message }],
      }),
    );
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    await pressCreate();
    await vi.waitFor(() => {
      expect(helpOf(control())).toContain(message);
    });
    expect(screen.queryByText('Could not create VirtualMachine vm1')).toBeNull();
  });

  it("shows an unmapped cause as an alert with the server's message", async () => {
    fakeCreateK8s.k8sCreate.mockRejectedValue(
      new KubeError({
        code: 422,
        reason: 'Invalid',
        message: 'VirtualMachine "vm1" is invalid: spec.template.spec.networks: bad',
        causes: [{ field: 'spec.template.spec.networks', message: 'bad' }],
      }),
    );
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    await pressCreate();
    expect(await screen.findByText('Could not create VirtualMachine vm1')).toBeDefined();
    expect(screen.getByText(/spec\.template\.spec\.networks: bad/)).toBeDefined();
  });

  it('shows 409 AlreadyExists under the name', async () => {
    const message = 'virtualmachines.kubevirt.io "vm1" already exists';
    fakeCreateK8s.k8sCreate.mockRejectedValue(
      new KubeError({ code: 409, reason: 'AlreadyExists', message }),
    );
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    await pressCreate();
    await vi.waitFor(() => {
      expect(helpOf(nameBox())).toContain(message);
    });
  });

  it('disables Create with the reason when the user may not create VMs in the namespace', async () => {
    fakeVmK8s.checkAccess.mockResolvedValue({ allowed: false, reason: 'RBAC: access denied' });
    renderPage();
    await userEvent.type(nameBox(), 'vm1');
    const create = screen.getByRole('button', { name: 'Create' });
    await userEvent.hover(create);
    expect((await screen.findByRole('tooltip')).textContent).toBe(
      'You may not create virtualmachines in namespace apps: RBAC: access denied',
    );
    expect(create.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(create);
    expect(fakeCreateK8s.k8sCreate).not.toHaveBeenCalled();
    expect(fakeVmK8s.checkAccess).toHaveBeenCalledWith({
      group: 'kubevirt.io',
      resource: 'virtualmachines',
      verb: 'create',
      namespace: 'apps',
    });
  });

  it('starts in "default" without ?ns=, and starts a Manual VM once after creating it', async () => {
    renderPage('/vms/~new');
    expect(screen.getByRole<HTMLInputElement>('combobox', { name: 'Namespace' }).value).toBe(
      'default',
    );
    await userEvent.type(nameBox(), 'vm1');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Run strategy' }), 'Manual');
    await pressCreate();
    await vi.waitFor(() => {
      expect(fakeVmK8s.k8sSubresource).toHaveBeenCalledExactlyOnceWith(
        'PUT',
        '/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/vm1/start',
        undefined,
      );
    });
  });
});

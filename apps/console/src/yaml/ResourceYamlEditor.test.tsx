import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { K8sObject } from '../k8s/index.ts';
import { findEditorView, replaceEditorText, stubBrowserForCodeMirror } from './codemirror-jsdom.ts';
import { ResourceYamlEditor } from './ResourceYamlEditor.tsx';

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

type Answer = (sent: Sent) => Response;

/** The fake BFF: every request recorded, answered by the test's handlers. */
const bff = {
  sent: [] as Sent[],
  put: (sent: Sent): Response => json(200, withVersion(sent.body, '6')),
  dryRun: (sent: Sent): Response => json(200, sent.body),
  get: (): Response => json(200, configMap('7', 'green')),
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function status(code: number, reason: string, message: string, causes: unknown[] = []): Response {
  return json(code, {
    kind: 'Status',
    status: 'Failure',
    code,
    reason,
    message,
    details: { causes },
  });
}

function withVersion(body: unknown, resourceVersion: string): unknown {
  const object = body as K8sObject;
  return { ...object, metadata: { ...object.metadata, resourceVersion } };
}

function configMap(resourceVersion: string, color: string): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'settings',
      namespace: 'demo',
      resourceVersion,
      managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    } as K8sObject['metadata'],
    data: { color, size: 'large' },
  } as K8sObject;
}

const locator = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  namespace: 'demo',
  name: 'settings',
};
const editorName = 'YAML of ConfigMap settings';
const path = '/api/kubernetes/api/v1/namespaces/demo/configmaps/settings';

function route(sent: Sent): Answer {
  if (sent.path.includes('dryRun=All')) return bff.dryRun;
  return sent.method === 'PUT' ? bff.put : bff.get;
}

beforeEach(() => {
  stubBrowserForCodeMirror();
  bff.sent = [];
  bff.put = (sent) => json(200, withVersion(sent.body, '6'));
  bff.dryRun = (sent) => json(200, sent.body);
  bff.get = () => json(200, configMap('7', 'green'));
  vi.stubGlobal('fetch', (url: string, init: RequestInit = {}) => {
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const sent = { method: init.method ?? 'GET', path: url, body };
    bff.sent.push(sent);
    return Promise.resolve(route(sent)(sent));
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderEditor(object = configMap('5', 'blue'), canEdit = true) {
  return render(
    <ResourceYamlEditor object={object} locator={locator} canEdit={canEdit} checkDelayMs={0} />,
  );
}

async function editorText(): Promise<string> {
  return (await findEditorView(editorName)).state.doc.toString();
}

async function editText(change: (text: string) => string): Promise<void> {
  await replaceEditorText(editorName, change(await editorText()));
}

function saves(): Sent[] {
  return bff.sent.filter((sent) => sent.method === 'PUT' && !sent.path.includes('dryRun'));
}

/** The listed problems, without PatternFly's screen-reader-only severity text. */
function problems(): string[] {
  const list = screen.queryByRole('list', { name: 'YAML problems' });
  if (list === null) return [];
  return within(list)
    .getAllByRole('listitem')
    .map((item) => {
      const copy = item.cloneNode(true) as HTMLElement;
      for (const hidden of copy.querySelectorAll('.pf-v6-screen-reader')) hidden.remove();
      return copy.textContent.trim();
    });
}

function alertButton(name: string): HTMLElement {
  const inAlert = screen
    .getAllByRole('button', { name })
    .find((button) => button.closest('.pf-v6-c-alert') !== null);
  if (inAlert === undefined) throw new Error(`no ${name} button in an alert`);
  return inAlert;
}

describe('ResourceYamlEditor', () => {
  it('shows the object as YAML without managedFields until they are switched on', async () => {
    renderEditor();
    expect(await editorText()).toContain('color: blue');
    expect(await editorText()).not.toContain('managedFields');
    await userEvent.click(screen.getByRole('switch', { name: 'Show managed fields' }));
    await waitFor(async () => {
      expect(await editorText()).toContain('manager: kubectl');
    });
  });

  it('saves with PUT: the edited field and the resourceVersion it was edited from', async () => {
    renderEditor();
    await editText((text) => text.replace('color: blue', 'color: red'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('ConfigMap settings saved');
    expect(saves()).toHaveLength(1);
    const [save] = saves();
    expect(save?.path).toBe(path);
    expect(save?.body).toMatchObject({
      data: { color: 'red', size: 'large' },
      metadata: { name: 'settings', resourceVersion: '5' },
    });
    expect(await editorText()).toContain('resourceVersion: "6"');
  });

  it('keeps the base resourceVersion even when the text drops it, so nothing is overwritten blindly', async () => {
    renderEditor();
    await editText((text) => text.replace(/ {2}resourceVersion: "5"\n/, ''));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('ConfigMap settings saved');
    expect(saves()[0]?.body).toMatchObject({ metadata: { resourceVersion: '5' } });
  });

  it('on 409 Conflict offers Reload and Keep editing, and Reload takes the new version', async () => {
    bff.put = () =>
      status(
        409,
        'Conflict',
        'Operation cannot be fulfilled on configmaps "settings": the object has been modified; please apply your changes to the latest version and try again',
      );
    renderEditor();
    await editText((text) => text.replace('color: blue', 'color: red'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByText(
      'ConfigMap settings has been updated since you started editing',
    );
    expect(alert).toBeTruthy();
    await userEvent.click(alertButton('Keep editing'));
    expect(screen.queryByText(/has been updated since you started editing/)).toBeNull();
    expect(await editorText()).toContain('color: red');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('ConfigMap settings has been updated since you started editing');
    await userEvent.click(alertButton('Reload'));
    await waitFor(async () => {
      expect(await editorText()).toContain('color: green');
    });
    expect(screen.queryByText(/has been updated since you started editing/)).toBeNull();
    expect(bff.sent.at(-1)).toMatchObject({ method: 'GET', path });
  });

  it('shows the server error as an alert and its causes as problems at their lines', async () => {
    bff.put = () =>
      status(422, 'Invalid', 'ConfigMap "settings" is invalid: data.size: Invalid value', [
        { field: 'data.size', reason: 'FieldValueInvalid', message: 'Invalid value: "huge"' },
        { field: 'metadata.labels', reason: 'FieldValueRequired', message: 'Required value' },
      ]);
    renderEditor();
    await editText((text) => text.replace('size: large', 'size: huge'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('ConfigMap "settings" is invalid: data.size: Invalid value');
    const text = (await editorText()).split('\n');
    const sizeLine = text.findIndex((line) => line.includes('size: huge')) + 1;
    const metadataLine = text.findIndex((line) => line === 'metadata:') + 1;
    expect(problems()).toEqual([
      `Line ${String(sizeLine)}, column 3: data.size: Invalid value: "huge"`,
      `Line ${String(metadataLine)}, column 1: metadata.labels: Required value`,
    ]);
  });

  it('dry-runs edits with Strict field validation and places unknown fields on their lines', async () => {
    bff.dryRun = () => status(400, 'BadRequest', 'strict decoding error: unknown field "spec"');
    renderEditor();
    await editText((text) => `${text}spec:\n  replicas: 2\n`);
    await waitFor(() => {
      expect(problems()).toHaveLength(1);
    });
    const dryRun = bff.sent.find((sent) => sent.path.includes('dryRun'));
    expect(dryRun?.method).toBe('PUT');
    expect(new URL(dryRun?.path ?? '', 'http://x').searchParams.get('fieldValidation')).toBe(
      'Strict',
    );
    const specLine = (await editorText()).split('\n').indexOf('spec:') + 1;
    expect(problems()).toEqual([`Line ${String(specLine)}, column 1: unknown field "spec"`]);
    expect(saves()).toHaveLength(0);
  });

  it('reports YAML syntax errors at their line and sends nothing', async () => {
    renderEditor();
    await editText((text) => text.replace('size: large', 'size: [large'));
    await waitFor(() => {
      expect(problems()[0]).toMatch(/^Line \d+, column \d+: /);
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('The YAML has problems; nothing was sent');
    expect(bff.sent).toEqual([]);
  });

  it.each([
    ['metadata.name', (text: string) => text.replace('name: settings', 'name: other')],
    ['kind', (text: string) => text.replace('kind: ConfigMap', 'kind: Secret')],
    ['metadata.namespace', (text: string) => text.replace('namespace: demo', 'namespace: prod')],
  ])('refuses a change of %s with a clear message', async (field, change) => {
    renderEditor();
    await editText(change);
    await waitFor(() => {
      expect(problems()).toEqual([expect.stringContaining(`${field} cannot be changed here`)]);
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('The YAML has problems; nothing was sent');
    expect(bff.sent).toEqual([]);
  });

  it('follows the live object while unedited, and only announces a newer version once edited', async () => {
    const { rerender } = renderEditor();
    const show = (object: K8sObject) => (
      <ResourceYamlEditor object={object} locator={locator} canEdit checkDelayMs={0} />
    );
    rerender(show(configMap('6', 'purple')));
    await waitFor(async () => {
      expect(await editorText()).toContain('color: purple');
    });
    await editText((text) => text.replace('size: large', 'size: small'));
    rerender(show(configMap('7', 'orange')));
    await screen.findByText('A newer version of ConfigMap settings exists');
    expect(await editorText()).toContain('size: small');
    expect(await editorText()).toContain('color: purple');
  });

  it('is read only with the reason when the user may not edit', async () => {
    render(
      <ResourceYamlEditor
        object={configMap('5', 'blue')}
        locator={locator}
        canEdit={false}
        canEditReason="You may not update configmaps in demo."
      />,
    );
    expect(screen.getByText('You may not update configmaps in demo.')).toBeTruthy();
    expect((await findEditorView(editorName)).state.readOnly).toBe(true);
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(true);
  });
});

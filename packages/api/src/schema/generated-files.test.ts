import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  crdPath,
  findStaleFiles,
  generateCommand,
  generatedFiles,
  typesPath,
  writeGeneratedFiles,
} from './generated-files.ts';
import { kubevirtKinds } from './kinds.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');

describe('generated files', () => {
  it('match the schema (run the generator after changing packages/api/src/schema)', async () => {
    const stale = await findStaleFiles(repositoryRoot);
    expect(stale, `stale generated files; run \`${generateCommand}\``).toEqual([]);
  });

  it('are the types file and one CRD per kind', () => {
    expect(generatedFiles().map((file) => file.path)).toEqual([
      typesPath,
      'deploy/base/crds/virtualmachines.kubevirt.io.yaml',
      'deploy/base/crds/virtualmachineinstances.kubevirt.io.yaml',
      'deploy/base/crds/virtualmachineinstancemigrations.kubevirt.io.yaml',
      'deploy/base/crds/virtualmachineinstancereplicasets.kubevirt.io.yaml',
      'deploy/base/crds/kubevirts.kubevirt.io.yaml',
    ]);
  });

  it('are generated identically every time', () => {
    expect(generatedFiles()).toEqual(generatedFiles());
  });

  it('say they are generated and how to regenerate them', () => {
    for (const file of generatedFiles()) {
      expect(file.content).toMatch(/GENERATED/);
      expect(file.content).toContain(generateCommand);
    }
  });
});

describe('findStaleFiles and writeGeneratedFiles', () => {
  let dir = '';
  afterEach(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('writes every missing file, then finds none stale', async () => {
    dir = mkdtempSync(join(tmpdir(), 'podvisor-api-generate-'));
    expect(await findStaleFiles(dir)).toHaveLength(generatedFiles().length);
    expect(await writeGeneratedFiles(dir)).toHaveLength(generatedFiles().length);
    expect(await findStaleFiles(dir)).toEqual([]);
    expect(await writeGeneratedFiles(dir)).toEqual([]);
  });

  it('names exactly the file that was edited by hand', async () => {
    dir = mkdtempSync(join(tmpdir(), 'podvisor-api-generate-'));
    await writeGeneratedFiles(dir);
    const edited = crdPath(kubevirtKinds[1] ?? expect.unreachable());
    writeFileSync(join(dir, edited), '# edited\n');
    expect(await findStaleFiles(dir)).toEqual([edited]);
  });
});

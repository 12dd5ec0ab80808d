// Proves that the lint rules the foundation promises really fire, by linting small files placed
// where the rules apply. They are written into the workspaces for the run and removed after.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './pinned-node.mjs';

const tag = `lint-fixture-${process.pid}`;
const fixtures: Record<string, string> = {
  [`packages/operator/src/handler/${tag}-target.ts`]: 'export const handlerOnly = 1;\n',
  [`packages/operator/src/controller/${tag}.ts`]: `import { handlerOnly } from '../handler/${tag}-target.ts';\nexport const x = handlerOnly;\n`,
  [`packages/cluster/src/${tag}-console.ts`]:
    "export function f(): void {\n  console.log('hi');\n}\n",
  [`packages/cluster/src/${tag}-promise.ts`]:
    'async function g(): Promise<void> {}\nexport function f(): void {\n  g();\n}\n',
  [`packages/cluster/src/${tag}-types.ts`]:
    "import { Logger } from '@podvisor/kube';\nexport function f(l: Logger): void {\n  l.info('x');\n}\n",
  [`packages/cluster/src/${tag}-deep.ts`]:
    "export { createLogger } from '@podvisor/kube/src/log/create-logger.ts';\n",
  [`packages/cluster/src/${tag}-undeclared.ts`]: "export * from '@podvisor/api';\n",
};

let results: Map<string, string[]>;

beforeAll(async () => {
  for (const [path, text] of Object.entries(fixtures)) {
    mkdirSync(dirname(join(projectRoot, path)), { recursive: true });
    writeFileSync(join(projectRoot, path), text);
  }
  const eslint = new ESLint({ cwd: projectRoot });
  const linted = await eslint.lintFiles(Object.keys(fixtures).map((p) => join(projectRoot, p)));
  results = new Map(
    linted.map((r) => [
      r.filePath.slice(projectRoot.length + 1),
      r.messages.map((m) => m.ruleId ?? m.message),
    ]),
  );
});

afterAll(() => {
  for (const path of Object.keys(fixtures)) rmSync(join(projectRoot, path), { force: true });
});

describe('lint boundaries', () => {
  it.each([
    [`packages/operator/src/controller/${tag}.ts`, 'import-x/no-restricted-paths'],
    [`packages/cluster/src/${tag}-console.ts`, 'no-console'],
    [`packages/cluster/src/${tag}-promise.ts`, '@typescript-eslint/no-floating-promises'],
    [`packages/cluster/src/${tag}-types.ts`, '@typescript-eslint/consistent-type-imports'],
    [`packages/cluster/src/${tag}-deep.ts`, 'no-restricted-imports'],
    [`packages/cluster/src/${tag}-undeclared.ts`, 'import-x/no-extraneous-dependencies'],
  ])('%s is flagged by %s', (path, rule) => {
    expect(results.get(path)).toContain(rule);
  });

  it('lets a component import its own files', () => {
    expect(results.get(`packages/operator/src/handler/${tag}-target.ts`)).toEqual([]);
  });
});

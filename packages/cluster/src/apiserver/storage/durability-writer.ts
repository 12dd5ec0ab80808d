// Child process of durability.integration.test.ts: writes objects in a loop and prints
// "<key> <resourceVersion>" for each write as soon as the store acknowledged it, until killed.
import { writeSync } from 'node:fs';

import { openStore } from './open-store.ts';

const maxWrites = 1_000_000;

/** Creates objects one by one, acknowledging each on stdout. */
function writeUntilKilled(path: string): void {
  const store = openStore({ path });
  for (let index = 0; index < maxWrites; index += 1) {
    const key = `/core/configmaps/default/cm-${String(index)}`;
    const created = store.create(key, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${String(index)}`, namespace: 'default' },
      data: { index: String(index), filler: 'x'.repeat(512) },
    });
    const resourceVersion = created.metadata.resourceVersion;
    // A synchronous write: the line is in the pipe before the next write starts.
    writeSync(1, `${key} ${typeof resourceVersion === 'string' ? resourceVersion : '?'}\n`);
  }
  store.close();
}

const path = process.argv[2];
if (path === undefined) {
  process.stderr.write('usage: durability-writer.ts <store file>\n');
  process.exitCode = 2;
} else {
  writeUntilKilled(path);
}

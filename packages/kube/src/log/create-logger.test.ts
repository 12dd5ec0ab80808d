import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.ts';

describe('createLogger', () => {
  it('writes JSON lines with time, level word, component and child context', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'podvisor-log-')), 'logs', 'apiserver.log');
    const logger = createLogger({ component: 'apiserver', level: 'info', destination: file });
    logger.child({ request: 'r-1' }).info({ path: '/version' }, 'served');
    logger.debug('below the level, dropped');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      component: 'apiserver',
      pid: process.pid,
      request: 'r-1',
      path: '/version',
      msg: 'served',
    });
    expect(Date.parse(String(lines[0]?.['time']))).not.toBeNaN();
  });
});

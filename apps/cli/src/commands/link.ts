import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintLoginLink } from '@podvisor/bff';
import { defineCommand } from '../command.ts';
import { sharedFlags } from './shared-flags.ts';

export const linkCommand = defineCommand({
  name: 'link',
  summary: 'print a fresh one-time sign-in link for the running console',
  description:
    'Prints a new one-time sign-in link for the console that `podvisor up` serves on --data-dir\n' +
    '(each link signs one browser in, once, within an hour).',
  spec: { dataDir: sharedFlags.dataDir },
  run: (config, io) => {
    const file = join(config.dataDir, 'console-url');
    if (!existsSync(file)) {
      io.stderr.write(
        `No console runs on ${config.dataDir} (no ${file}): start one with npx podvisor up --data-dir ${config.dataDir}\n`,
      );
      return Promise.resolve(1);
    }
    const url = readFileSync(file, 'utf8').trim();
    io.stdout.write(`Sign in: ${mintLoginLink(config.dataDir, url)}\n`);
    return Promise.resolve(0);
  },
});

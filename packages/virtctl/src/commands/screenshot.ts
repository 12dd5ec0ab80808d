import { writeFile } from 'node:fs/promises';
import { booleanFlag, stringFlag } from '../command-flags.ts';
import { createSubresourceClient, subresourcePath } from '../subresource-client.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

export const screenshotCommand = defineCommand({
  name: 'vnc screenshot',
  summary: 'Create a VNC screenshot of a virtual machine instance.',
  usage: 'VMI',
  flags: {
    file: {
      type: 'string',
      short: 'f',
      value: 'FILE',
      describe: 'where to store the screenshot (PNG); - for stdout (required)',
    },
    'move-cursor': {
      type: 'boolean',
      short: 'm',
      describe: 'move the cursor first, to wake the screen from a screensaver',
    },
  },
  args: 1,
  run: async (context) => {
    const [name = ''] = context.args;
    const file = stringFlag(context, 'file');
    if (file === undefined || file === '') throw new UsageError('required flag(s) "file" not set');
    const { kubeConfig, namespace } = context.access();
    const path = subresourcePath({
      namespace,
      target: 'virtualmachineinstances',
      name,
      subresource: 'vnc/screenshot',
    });
    let image: Buffer;
    try {
      const query = booleanFlag(context, 'move-cursor') ? { moveCursor: 'true' } : undefined;
      image = (await createSubresourceClient(kubeConfig).get(path, query)).body;
    } catch (error) {
      throw new Error(`Can't access VMI ${name}: ${messageOf(error)}`, { cause: error });
    }
    if (file === '-') {
      context.io.stdout.write(image);
      return 0;
    }
    try {
      await writeFile(file, image, { mode: 0o644 });
    } catch (error) {
      throw new Error(`Can't write image to a file: ${messageOf(error)}`, { cause: error });
    }
    return 0;
  },
});

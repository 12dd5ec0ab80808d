import { createSubresourceClient, subresourcePath } from '../subresource-client.ts';
import { defineCommand } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

export const guestOsInfoCommand = defineCommand({
  name: 'guestosinfo',
  summary: 'Return guest agent info about the operating system.',
  usage: 'VMI',
  flags: {},
  args: 1,
  run: async (context) => {
    const [name = ''] = context.args;
    const { kubeConfig, namespace } = context.access();
    const path = subresourcePath({
      namespace,
      target: 'virtualmachineinstances',
      name,
      subresource: 'guestosinfo',
    });
    let info: unknown;
    try {
      const answer = await createSubresourceClient(kubeConfig).get(path);
      info = JSON.parse(answer.body.toString('utf8'));
    } catch (error) {
      throw new Error(
        `Error getting guestosinfo of VirtualMachineInstance ${name}, ${messageOf(error)}`,
        { cause: error },
      );
    }
    context.io.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  },
});

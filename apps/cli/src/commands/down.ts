import { defineCommand } from '../command.ts';
import { runningUpPid } from '../up/up-lock.ts';
import { sharedFlags } from './shared-flags.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const downCommand = defineCommand({
  name: 'down',
  summary: 'stop the `podvisor up` running on a data dir',
  description:
    'Sends the `podvisor up` of --data-dir the same signal as Ctrl-C and waits until it has shut\n' +
    'down in order: the console, the VMs (gracefully) and pods, the nodes, the API server.',
  spec: { dataDir: sharedFlags.dataDir },
  run: async (config, io) => {
    const pid = runningUpPid(config.dataDir);
    if (pid === undefined) {
      io.stdout.write(`Podvisor is not running on ${config.dataDir}.\n`);
      return 0;
    }
    io.stdout.write(`Stopping Podvisor on ${config.dataDir} (pid ${String(pid)})…\n`);
    process.kill(pid, 'SIGTERM');
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 200));
    io.stdout.write('Stopped.\n');
    return 0;
  },
});

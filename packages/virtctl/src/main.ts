/** Where `kubectl virt` writes. */
export interface VirtctlIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** The plugin's commands, as KubeVirt's virtctl names them, and the issue that brings each. */
export const virtctlCommands: readonly { name: string; summary: string; issue: number }[] = [
  { name: 'start', summary: 'start a virtual machine', issue: 8 },
  { name: 'stop', summary: 'stop a virtual machine', issue: 8 },
  { name: 'restart', summary: 'restart a virtual machine', issue: 8 },
  { name: 'pause', summary: 'pause a virtual machine instance', issue: 8 },
  { name: 'unpause', summary: 'unpause a virtual machine instance', issue: 8 },
  { name: 'migrate', summary: 'live-migrate a virtual machine to another node', issue: 12 },
  { name: 'console', summary: "connect to a VM's serial console", issue: 8 },
  { name: 'vnc', summary: "open a VM's VNC display", issue: 8 },
  { name: 'spice', summary: "open a VM's SPICE display", issue: 8 },
];

function help(): string {
  const width = Math.max(...virtctlCommands.map((c) => c.name.length));
  return [
    'Usage: kubectl virt <command> [flags]',
    '',
    'Control KubeVirt-compatible virtual machines.',
    '',
    'Commands:',
    ...virtctlCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** The `kubectl virt` command line: resolves with the exit code. */
export function main(argv: readonly string[], io: VirtctlIo): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(help());
    return Promise.resolve(first === undefined ? 2 : 0);
  }
  const command = virtctlCommands.find((c) => c.name === first);
  if (command === undefined) {
    io.stderr.write(`kubectl virt: unknown command ${JSON.stringify(first)}\n\n${help()}`);
    return Promise.resolve(2);
  }
  io.stderr.write(
    `kubectl virt ${command.name}: not available yet (it arrives with issue #${command.issue}).\n`,
  );
  return Promise.resolve(1);
}

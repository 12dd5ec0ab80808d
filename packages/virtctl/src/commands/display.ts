import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { booleanFlag, integerFlag, stringFlag } from '../command-flags.ts';
import { startDisplayProxy, type DisplayProxy } from '../display-proxy.ts';
import { displayUrl, findViewer, type DisplayKind } from '../find-viewer.ts';
import { createSubresourceClient, subresourcePath } from '../subresource-client.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand, type CommandContext, type VirtctlCommand } from '../virtctl-command.ts';
import { messageOf } from './dry-run.ts';

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return once(signal, 'abort').then(() => undefined);
}

/** Runs the viewer until it exits, or until interrupted; resolves with the exit code. */
async function runViewer(
  context: CommandContext,
  viewer: { command: string; args: readonly string[] },
): Promise<number> {
  const child = spawn(viewer.command, [...viewer.args], { stdio: 'ignore' });
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      context.io.stderr.write(`Can't start ${viewer.command}: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code) => {
      resolve(code ?? 0);
    });
  });
  const interrupted = waitForAbort(context.io.signal).then(() => {
    child.kill('SIGTERM');
    return 0;
  });
  return Promise.race([exited, interrupted]);
}

async function serve(
  context: CommandContext,
  kind: DisplayKind,
  proxy: DisplayProxy,
): Promise<number> {
  if (booleanFlag(context, 'proxy-only')) {
    context.io.stdout.write(`${JSON.stringify({ port: proxy.port })}\n`);
    await waitForAbort(context.io.signal);
    return 0;
  }
  const viewer = findViewer({
    kind,
    address: proxy.address,
    port: proxy.port,
    path: context.io.env?.['PATH'] ?? '',
  });
  if (viewer !== undefined) return runViewer(context, viewer);
  const wanted = kind === 'vnc' ? 'remote-viewer or vncviewer' : 'remote-viewer';
  context.io.stderr.write(
    `No viewer found (looked for ${wanted} on $PATH). The ${kind.toUpperCase()} proxy listens on ` +
      `${proxy.address}:${proxy.port}: connect a viewer to ${displayUrl(kind, proxy.address, proxy.port)}. ` +
      'Press Ctrl+C to stop.\n',
  );
  await waitForAbort(context.io.signal);
  return 0;
}

async function runDisplay(context: CommandContext, kind: DisplayKind): Promise<number> {
  const [name = ''] = context.args;
  const port = integerFlag(context, 'port', 0) ?? 0;
  if (port > 65535)
    throw new UsageError(`invalid argument "${port}" for "--port" flag: not a TCP port`);
  const address = stringFlag(context, 'address') ?? '127.0.0.1';
  const { kubeConfig, namespace } = context.access();
  const client = createSubresourceClient(kubeConfig);
  const path = subresourcePath({
    namespace,
    target: 'virtualmachineinstances',
    name,
    subresource: kind,
  });
  const open = () => client.openStream(path);
  let first;
  try {
    first = await open();
  } catch (error) {
    throw new Error(`Can't access VMI ${name}: ${messageOf(error)}`, { cause: error });
  }
  const proxy = await startDisplayProxy({
    open,
    first,
    address,
    port,
    onError: (error) => {
      context.io.stderr.write(`Can't access VMI ${name}: ${messageOf(error)}\n`);
    },
  }).catch((error: unknown) => {
    first.close(1000);
    throw new Error(`Can't listen on ${address}:${port}: ${messageOf(error)}`, { cause: error });
  });
  try {
    return await serve(context, kind, proxy);
  } finally {
    await proxy.close();
  }
}

const proxyFlags = {
  'proxy-only': {
    type: 'boolean',
    describe: 'only run the local proxy and print its port as JSON ({"port":N})',
  },
  port: {
    type: 'string',
    value: 'PORT',
    describe: 'the local port to listen on (default: a free one)',
  },
  address: {
    type: 'string',
    value: 'ADDRESS',
    describe: 'the local address to listen on (default 127.0.0.1)',
  },
} as const;

export const vncCommand = defineCommand({
  name: 'vnc',
  summary: 'Open a VNC connection to a virtual machine instance.',
  usage: 'VMI',
  description:
    'Starts a local VNC proxy (each connection gets its own session; several viewers may share the\n' +
    'display) and runs remote-viewer or vncviewer on it when one is installed.\n' +
    'See also: vnc screenshot VMI -f FILE.',
  flags: proxyFlags,
  args: 1,
  run: (context) => runDisplay(context, 'vnc'),
});

export const spiceCommand = defineCommand({
  name: 'spice',
  summary: 'Open a SPICE connection to a virtual machine instance.',
  usage: 'VMI',
  description: 'Starts a local SPICE proxy and runs remote-viewer on it when it is installed.',
  flags: proxyFlags,
  args: 1,
  run: (context) => runDisplay(context, 'spice'),
});

/** The display commands. */
export const displayCommands: readonly VirtctlCommand[] = [vncCommand, spiceCommand];

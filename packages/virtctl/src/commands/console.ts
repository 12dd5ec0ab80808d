import { setTimeout as sleep } from 'node:timers/promises';
import type WebSocket from 'ws';
import { integerFlag, stringFlag } from '../command-flags.ts';
import { runConsoleSession, type ConsoleOutcome } from '../console-session.ts';
import { ServerError } from '../server-error.ts';
import {
  createSubresourceClient,
  subresourcePath,
  type SubresourceClient,
} from '../subresource-client.ts';
import { UsageError } from '../usage-error.ts';
import { defineCommand, type CommandContext } from '../virtctl-command.ts';

/** Answers that mean "not yet" (no VMI yet, not running yet, handler not reachable yet). */
const notReadyCodes = new Set([400, 404, 409, 503]);

function parseQuietPeriod(raw: string | undefined): number {
  if (raw === undefined) return 2000;
  const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(raw.trim());
  if (match?.[1] === undefined) {
    throw new UsageError(
      `invalid argument ${JSON.stringify(raw)} for "--quiet-period" flag: not a duration (for example 500ms, 2s)`,
    );
  }
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** Connects, retrying while the VMI is not ready, until `deadline` (ms since the epoch). */
async function connect(
  context: CommandContext,
  target: { client: SubresourceClient; path: string; name: string; deadline: number },
): Promise<WebSocket | undefined> {
  let announced = false;
  for (;;) {
    try {
      return await target.client.openStream(target.path);
    } catch (error) {
      const retry = error instanceof ServerError && notReadyCodes.has(error.code);
      if (!retry)
        throw new Error(`Can't connect to websocket: ${messageOf(error)}`, { cause: error });
      if (Date.now() >= target.deadline) {
        throw new Error(
          `Timeout trying to connect to the virtual machine instance (${error.message})`,
          { cause: error },
        );
      }
      if (!announced) {
        context.io.stderr.write(`Waiting for ${target.name}: ${error.message}\n`);
        announced = true;
      }
      const stopped = await sleep(1000, false, { signal: context.io.signal }).catch(() => true);
      if (stopped || context.io.signal?.aborted === true) return undefined;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function report(context: CommandContext, outcome: ConsoleOutcome): number {
  if (outcome.kind === 'escape' || outcome.kind === 'interrupted') {
    context.io.stderr.write('\n');
    return 0;
  }
  if (outcome.kind === 'input-ended') return 0;
  if (outcome.code === 1000) return 0;
  const why = outcome.reason === '' ? `websocket closed with code ${outcome.code}` : outcome.reason;
  context.io.stderr.write(`\nYou were disconnected from the console: ${why}\n`);
  return 1;
}

export const consoleCommand = defineCommand({
  name: 'console',
  summary: 'Connect to the serial console of a virtual machine instance.',
  usage: 'VMI',
  description:
    'The escape sequence is ^] (Ctrl+]). With a pipe as stdin, the input is sent as it is and the\n' +
    'output printed until the input has ended and the console has been quiet for --quiet-period.',
  flags: {
    timeout: {
      type: 'string',
      value: 'MINUTES',
      describe: 'minutes to wait for the virtual machine instance to be ready (default 5)',
    },
    'quiet-period': {
      type: 'string',
      value: 'DURATION',
      describe: 'with piped input: how long the output may pause before leaving (default 2s)',
    },
  },
  args: 1,
  run: async (context) => {
    const [name = ''] = context.args;
    const timeoutMinutes = integerFlag(context, 'timeout', 0) ?? 5;
    const quietPeriodMs = parseQuietPeriod(stringFlag(context, 'quiet-period'));
    const { kubeConfig, namespace } = context.access();
    const client = createSubresourceClient(kubeConfig);
    const path = subresourcePath({
      namespace,
      target: 'virtualmachineinstances',
      name,
      subresource: 'console',
    });
    const deadline = Date.now() + timeoutMinutes * 60_000;
    const socket = await connect(context, { client, path, name, deadline });
    if (socket === undefined) return 0;
    context.io.stderr.write(
      `Successfully connected to ${name} console. The escape sequence is ^]\n`,
    );
    const outcome = await runConsoleSession({
      socket,
      stdin: context.io.stdin,
      stdout: context.io.stdout,
      quietPeriodMs,
      signal: context.io.signal,
    });
    return report(context, outcome);
  },
});

import type { JsonObject } from '../../apiserver/json.ts';

/** The channel.k8s.io subprotocols for exec and attach, best first. */
export const channelProtocols = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

/** A channel.k8s.io subprotocol. */
export type ChannelProtocol = (typeof channelProtocols)[number];

/** Channel numbers: the first byte of every binary message. */
export const channels = {
  stdin: 0,
  stdout: 1,
  stderr: 2,
  error: 3,
  resize: 4,
  close: 255,
} as const;

/** How a session ended, as channel 3 reports it. */
export type SessionResult =
  | { readonly type: 'success' }
  | { readonly type: 'exit'; readonly code: number }
  | { readonly type: 'error'; readonly message: string };

/** The best channel protocol among those offered (the client's order does not matter). */
export function chooseChannelProtocol(offered: ReadonlySet<string>): ChannelProtocol | undefined {
  return channelProtocols.find((p) => offered.has(p));
}

/** Whether a protocol carries a structured Status on channel 3 (v4 and later). */
function hasStatus(protocol: ChannelProtocol): boolean {
  return protocol === 'v4.channel.k8s.io' || protocol === 'v5.channel.k8s.io';
}

/** Whether a protocol has close frames (`[255, channel]`, v5 only). */
export function hasCloseFrames(protocol: ChannelProtocol): boolean {
  return protocol === 'v5.channel.k8s.io';
}

/** Whether a protocol has the resize channel (v3 and later). */
export function hasResize(protocol: ChannelProtocol): boolean {
  return protocol !== 'channel.k8s.io' && protocol !== 'v2.channel.k8s.io';
}

/** The metav1.Status kubectl and client-node read on channel 3. */
export function resultStatus(result: SessionResult): JsonObject {
  if (result.type === 'success') return { metadata: {}, status: 'Success' };
  if (result.type === 'error')
    return {
      metadata: {},
      status: 'Failure',
      message: result.message,
      reason: 'InternalError',
      details: { causes: [{ message: result.message }] },
      code: 500,
    };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [exit status ${result.code}], exit code ${result.code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(result.code) }] },
  };
}

/** The channel 3 message for a result (v4+: Status JSON; older: error text, nothing on success). */
export function resultFrame(protocol: ChannelProtocol, result: SessionResult): Buffer | undefined {
  if (hasStatus(protocol))
    return frame(channels.error, Buffer.from(JSON.stringify(resultStatus(result))));
  if (result.type === 'success') return undefined;
  const text =
    result.type === 'error'
      ? result.message
      : `command terminated with non-zero exit code: exit status ${result.code}`;
  return frame(channels.error, Buffer.from(text));
}

/** A binary message: the channel byte, then the payload. */
export function frame(channel: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([channel]), payload]);
}

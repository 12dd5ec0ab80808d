import { describe, expect, it } from 'vitest';
import { chooseChannelProtocol, resultFrame, type ChannelProtocol } from './channel-protocol.ts';

describe('chooseChannelProtocol', () => {
  it.each([
    [['channel.k8s.io', 'v5.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['v4.channel.k8s.io', 'v3.channel.k8s.io'], 'v4.channel.k8s.io'],
    [['base64.channel.k8s.io'], undefined],
  ])('picks the best of %j', (offered, expected) => {
    expect(chooseChannelProtocol(new Set(offered))).toBe(expected);
  });
});

describe('resultFrame', () => {
  const decode = (frame: Buffer | undefined): [number | undefined, string] => [
    frame?.[0],
    frame?.subarray(1).toString() ?? '',
  ];

  it('sends a Status with the exit code as a cause on v4 and v5', () => {
    for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const) {
      const [channel, text] = decode(resultFrame(protocol, { type: 'exit', code: 7 }));
      expect(channel).toBe(3);
      expect(JSON.parse(text)).toMatchObject({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '7' }] },
      });
    }
  });

  it.each<[ChannelProtocol, string | undefined]>([
    ['v5.channel.k8s.io', '{"metadata":{},"status":"Success"}'],
    ['v3.channel.k8s.io', undefined],
  ])('words success for %s', (protocol, expected) => {
    const frame = resultFrame(protocol, { type: 'success' });
    expect(frame?.subarray(1).toString()).toBe(expected);
  });

  it('sends error text before v4', () => {
    expect(decode(resultFrame('v2.channel.k8s.io', { type: 'error', message: 'boom' }))).toEqual([
      3,
      'boom',
    ]);
  });
});

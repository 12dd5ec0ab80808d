import { describe, expect, it } from 'vitest';
import { nodeHeartbeatPatch } from './node-heartbeat.ts';

describe('nodeHeartbeatPatch', () => {
  it.each([
    [true, 'true'],
    [false, 'false'],
  ])(
    'labels the node kubevirt.io/schedulable=%s and stamps the heartbeat',
    (schedulable, label) => {
      expect(nodeHeartbeatPatch(schedulable, '2030-01-01T00:00:00Z')).toEqual({
        metadata: {
          labels: { 'kubevirt.io/schedulable': label },
          annotations: { 'kubevirt.io/heartbeat': '2030-01-01T00:00:00Z' },
        },
      });
    },
  );
});

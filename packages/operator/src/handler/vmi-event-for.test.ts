import { describe, expect, it } from 'vitest';
import type { DomainEvent, DomainEventType } from '../protocol/v1/index.ts';
import { vmiEventFor } from './vmi-event-for.ts';

function event(type: DomainEventType, reason: string): DomainEvent {
  return {
    type,
    reason,
    status: { name: 'default_vm', state: 'Running', reason, accel: 'tcg' },
    timestamp: '2030-01-01T00:00:00Z',
  };
}

describe('vmiEventFor', () => {
  it.each<[DomainEventType, string, string | undefined, string | undefined]>([
    ['Started', 'Booted', 'Normal', 'Started'],
    ['Stopped', 'Shutdown', 'Normal', 'Stopped'],
    ['Stopped', 'Destroyed', 'Normal', 'Stopped'],
    ['Stopped', 'Failed', 'Warning', 'Crashed'],
    ['Stopped', 'Crashed', 'Warning', 'Crashed'],
    ['Crashed', 'Panicked', 'Warning', 'Crashed'],
    ['Suspended', 'Paused', 'Normal', 'Paused'],
    ['Resumed', 'Unpaused', 'Normal', 'Resumed'],
    ['Shutdown', 'Finished after guest request', 'Normal', 'ShuttingDown'],
    ['Defined', 'Added', undefined, undefined],
    ['AgentConnected', '', undefined, undefined],
  ])('turns %s (%s) into a %s %s event', (type, reason, eventType, eventReason) => {
    const news = vmiEventFor(event(type, reason));
    expect(news?.type).toBe(eventType);
    expect(news?.reason).toBe(eventReason);
  });

  it('names the crash cause in the message', () => {
    expect(vmiEventFor(event('Crashed', 'Panicked'))?.message).toBe(
      'The VirtualMachineInstance crashed (Panicked).',
    );
  });
});

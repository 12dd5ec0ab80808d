import { describe, expect, it } from 'vitest';
import { eventTime, type KubeEvent, vmEvents } from './vm-events.ts';

function event(
  name: string,
  involved: KubeEvent['involvedObject'],
  at: Partial<KubeEvent> = {},
): KubeEvent {
  return { metadata: { name }, involvedObject: involved, ...at };
}

describe('vmEvents', () => {
  it('keeps the events of the VM and of its VMI in its namespace, newest first', () => {
    const events = [
      event(
        'vm-old',
        { kind: 'VirtualMachine', name: 'a', namespace: 'ns' },
        { lastTimestamp: '2025-01-01T00:00:01Z' },
      ),
      event(
        'vmi',
        { kind: 'VirtualMachineInstance', name: 'a', namespace: 'ns' },
        { eventTime: '2025-01-01T00:00:03Z' },
      ),
      event('pod', { kind: 'Pod', name: 'a', namespace: 'ns' }),
      event('other-ns', { kind: 'VirtualMachine', name: 'a', namespace: 'other' }),
      event('other-vm', { kind: 'VirtualMachine', name: 'b', namespace: 'ns' }),
      event(
        'vm-new',
        { kind: 'VirtualMachine', name: 'a' },
        { series: { lastObservedTime: '2025-01-01T00:00:05Z' } },
      ),
    ];
    expect(
      vmEvents(events, { namespace: 'ns', name: 'a' }).map(({ metadata }) => metadata.name),
    ).toEqual(['vm-new', 'vmi', 'vm-old']);
  });

  it.each([
    [
      { lastTimestamp: '2025-01-01T00:00:02Z', firstTimestamp: '2025-01-01T00:00:01Z' },
      Date.parse('2025-01-01T00:00:02Z'),
    ],
    [
      { lastTimestamp: null, eventTime: '2025-01-01T00:00:03Z' },
      Date.parse('2025-01-01T00:00:03Z'),
    ],
    [
      { metadata: { creationTimestamp: '2025-01-01T00:00:04Z' } },
      Date.parse('2025-01-01T00:00:04Z'),
    ],
    [{ lastTimestamp: 'garbage' }, 0],
  ])('dates an event by its most recent time field (%o)', (fields, expected) => {
    expect(eventTime({ ...event('e', {}), ...fields })).toBe(expected);
  });
});

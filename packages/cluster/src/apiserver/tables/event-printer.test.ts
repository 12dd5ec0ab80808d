import { describe, expect, it } from 'vitest';
import { eventPrinter, eventsV1Printer } from './event-printer.ts';
import { ago, testNow, testObject } from './test-objects.ts';

describe('eventPrinter', () => {
  it('has the event columns, with Name last at priority 1', () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}:${c.format}`)).toEqual([
      'Last Seen:0:',
      'Type:0:',
      'Reason:0:',
      'Object:0:',
      'Subobject:1:',
      'Source:1:',
      'Message:0:',
      'First Seen:1:',
      'Count:1:',
      'Name:1:name',
    ]);
  });

  it('prints a core event', () => {
    const event = testObject('Event', {
      involvedObject: { kind: 'Pod', name: 'p1', fieldPath: 'spec.containers{c}' },
      type: 'Normal',
      reason: 'Pulled',
      message: '  Pulled image  \n',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: ago(10 * 60_000),
      lastTimestamp: ago(2 * 60_000),
      count: 4,
    });
    expect(eventPrinter.row(event, testNow).cells).toEqual([
      '2m',
      'Normal',
      'Pulled',
      'pod/p1',
      'spec.containers{c}',
      'kubelet, n1',
      'Pulled image',
      '10m',
      4,
      'x',
    ]);
  });

  it('falls back to eventTime, series and the reporting controller', () => {
    const event = testObject('Event', {
      involvedObject: { kind: 'Node' },
      eventTime: '2025-01-01T11:59:00.123456Z',
      series: { count: 7, lastObservedTime: '2025-01-01T11:59:30.000000Z' },
      reportingComponent: 'ctl',
      reportingInstance: 'ctl-1',
    });
    const cells = eventPrinter.row(event, testNow).cells;
    expect([cells[0], cells[3], cells[5], cells[7], cells[8]]).toEqual([
      '30s',
      'node',
      'ctl, ctl-1',
      '59s',
      7,
    ]);
  });

  it('counts a singleton event once and shows <unknown> without times', () => {
    const cells = eventPrinter.row(testObject('Event', {}), testNow).cells;
    expect([cells[0], cells[7], cells[8]]).toEqual(['<unknown>', '<unknown>', 1]);
  });

  it('prints events.k8s.io events from their own field names', () => {
    const event = testObject('Event', {
      regarding: { kind: 'Pod', name: 'p2' },
      note: 'hello',
      reason: 'Started',
      type: 'Warning',
      reportingController: 'ctl',
      deprecatedLastTimestamp: ago(3000),
      deprecatedFirstTimestamp: ago(9000),
      deprecatedCount: 2,
    });
    expect(eventsV1Printer.row(event, testNow).cells).toEqual([
      '3s',
      'Warning',
      'Started',
      'pod/p2',
      '',
      'ctl',
      'hello',
      '9s',
      2,
      'x',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDomJobInfo } from './domjobinfo.ts';

// `virsh domjobinfo --completed` after the feasibility run (libvirt 9.0).
const completed = `Job type:         Completed
Operation:        Outgoing migration
Time elapsed:     680          ms
Time elapsed w/o network: 678          ms
Data processed:   92.905 MiB
Data remaining:   0.000 B
Data total:       144.570 MiB
Memory processed: 92.905 MiB
Iteration:        3
Total downtime:   159          ms
Downtime w/o network: 157          ms
Setup time:       1            ms
`;

describe('parseDomJobInfo', () => {
  it('reads the numbers of a completed migration', () => {
    expect(parseDomJobInfo(completed)).toEqual({
      type: 'Completed',
      operation: 'Outgoing migration',
      elapsedMs: 680,
      dataProcessedBytes: Math.round(92.905 * 1024 ** 2),
      dataRemainingBytes: 0,
      dataTotalBytes: Math.round(144.57 * 1024 ** 2),
      downtimeMs: 159,
    });
  });

  it.each([
    ['no job', 'Job type:         None        \n', { type: 'None' }],
    ['empty output', '', { type: 'None' }],
    [
      'a failed job',
      'Job type:         Failed\nError message:    operation aborted\n',
      { type: 'Failed', errorMessage: 'operation aborted' },
    ],
    [
      'numbers it does not know',
      'Job type:         Unbounded\nData total:       12 parsecs\n',
      { type: 'Unbounded' },
    ],
  ])('reads %s', (_name, text, expected) => {
    expect(parseDomJobInfo(text)).toEqual(expected);
  });
});

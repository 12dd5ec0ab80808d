import { Skeleton } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ReactElement } from 'react';
import { workloadColumns } from './WorkloadsTable.tsx';

const placeholderRows = [0, 1, 2, 3, 4];

/** The table's shape with skeleton cells, while the lists load. */
export function WorkloadsSkeleton(): ReactElement {
  return (
    <Table aria-label="Workloads" aria-busy="true" variant="compact">
      <Thead>
        <Tr>
          {workloadColumns.map(({ column, title }) => (
            <Th key={column}>{title}</Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {placeholderRows.map((index) => (
          <Tr key={index}>
            {workloadColumns.map(({ column, title }) => (
              <Td key={column} dataLabel={title}>
                <Skeleton
                  screenreaderText={index === 0 && column === 'kind' ? 'Loading workloads' : ''}
                />
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

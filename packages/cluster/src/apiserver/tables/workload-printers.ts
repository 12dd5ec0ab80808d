import type { Json, KubeObject } from '../json.ts';
import { labelSelectorFromSpec } from '../selectors/label-selector-from-spec.ts';
import { labelSelectorToString } from '../selectors/label-selector.ts';
import { numberAt, objectAt, readPath } from '../selectors/read-json.ts';
import { StatusError } from '../status-error.ts';
import { columnDescriptions as describe } from './column-descriptions.ts';
import {
  ageColumn,
  ageOf,
  column,
  containerCells,
  formatLabelsAt,
  nameColumn,
  nameOf,
  type TableColumnDefinition,
  type TablePrinter,
} from './table-printer.ts';

/** `metav1.LabelSelectorAsSelector(...).String()`, or undefined for an invalid selector. */
function selectorString(spec: Json | undefined): string | undefined {
  try {
    return labelSelectorToString(labelSelectorFromSpec(spec ?? null));
  } catch (error) {
    if (error instanceof StatusError) return undefined;
    throw error;
  }
}

/** `metav1.FormatLabelSelector`: the selector text, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(spec: Json | undefined): string {
  const text = selectorString(spec);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** The desired replicas: `spec.replicas`, which API defaulting sets to 1 when omitted. */
function desiredReplicas(obj: KubeObject): number {
  const replicas = readPath(obj, 'spec', 'replicas');
  return typeof replicas === 'number' ? replicas : 1;
}

function templateCells(obj: KubeObject): [string, string] {
  return containerCells(objectAt(obj, 'spec', 'template', 'spec'));
}

const wideTemplateColumns = [
  column('Containers', 'string', describe.containers, { priority: 1 }),
  column('Images', 'string', describe.images, { priority: 1 }),
];

function wideSelector(description: string): TableColumnDefinition {
  return column('Selector', 'string', description, { priority: 1 });
}

/** Deployments: Name, Ready, Up-to-date, Available, Age; wide: Containers, Images, Selector. */
export const deploymentPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', describe.podReadyState),
    column('Up-to-date', 'string', describe.deploymentUpdated),
    column('Available', 'string', describe.deploymentAvailable),
    ageColumn,
    ...wideTemplateColumns,
    wideSelector(describe.deploymentSelector),
  ],
  row: (obj, now) => ({
    cells: [
      nameOf(obj),
      `${numberAt(obj, 'status', 'readyReplicas')}/${desiredReplicas(obj)}`,
      numberAt(obj, 'status', 'updatedReplicas'),
      numberAt(obj, 'status', 'availableReplicas'),
      ageOf(obj, now),
      ...templateCells(obj),
      selectorString(readPath(obj, 'spec', 'selector')) ?? '<invalid>',
    ],
  }),
};

/** ReplicaSets: Name, Desired, Current, Ready, Age; wide: Containers, Images, Selector. */
export const replicaSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', describe.replicaSetReplicas),
    column('Current', 'integer', describe.replicaSetCurrent),
    column('Ready', 'integer', describe.replicaSetReady),
    ageColumn,
    ...wideTemplateColumns,
    wideSelector(describe.replicaSetSelector),
  ],
  row: (obj, now) => ({
    cells: [
      nameOf(obj),
      desiredReplicas(obj),
      numberAt(obj, 'status', 'replicas'),
      numberAt(obj, 'status', 'readyReplicas'),
      ageOf(obj, now),
      ...templateCells(obj),
      formatLabelSelector(readPath(obj, 'spec', 'selector')),
    ],
  }),
};

/** DaemonSets: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age; wide adds the template and selector. */
export const daemonSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Desired', 'integer', describe.daemonSetDesired),
    column('Current', 'integer', describe.daemonSetCurrent),
    column('Ready', 'integer', describe.daemonSetReady),
    column('Up-to-date', 'integer', describe.daemonSetUpdated),
    column('Available', 'integer', describe.daemonSetAvailable),
    column('Node Selector', 'string', describe.nodeSelector),
    ageColumn,
    ...wideTemplateColumns,
    wideSelector(describe.daemonSetSelector),
  ],
  row: (obj, now) => ({
    cells: [
      nameOf(obj),
      numberAt(obj, 'status', 'desiredNumberScheduled'),
      numberAt(obj, 'status', 'currentNumberScheduled'),
      numberAt(obj, 'status', 'numberReady'),
      numberAt(obj, 'status', 'updatedNumberScheduled'),
      numberAt(obj, 'status', 'numberAvailable'),
      formatLabelsAt(obj, 'spec', 'template', 'spec', 'nodeSelector'),
      ageOf(obj, now),
      ...templateCells(obj),
      formatLabelSelector(readPath(obj, 'spec', 'selector')),
    ],
  }),
};

/** StatefulSets: Name, Ready, Age; wide: Containers, Images. */
export const statefulSetPrinter: TablePrinter = {
  columns: [
    nameColumn,
    column('Ready', 'string', describe.podReadyState),
    ageColumn,
    ...wideTemplateColumns,
  ],
  row: (obj, now) => ({
    cells: [
      nameOf(obj),
      `${numberAt(obj, 'status', 'readyReplicas')}/${desiredReplicas(obj)}`,
      ageOf(obj, now),
      ...templateCells(obj),
    ],
  }),
};

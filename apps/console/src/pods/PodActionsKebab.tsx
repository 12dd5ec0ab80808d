import type { ReactElement } from 'react';
import { useNavigate } from 'react-router';
import type { AccessResult } from '../k8s/index.ts';
import { KebabMenu } from '../shared/KebabMenu.tsx';
import { podDeleteDisabledReason } from './pod-delete.ts';
import { podHref } from './pod-href.ts';
import type { PodResource } from './pod-resource.ts';

interface PodActionsKebabProps {
  readonly pod: PodResource;
  /** The delete verdict in the pod's namespace; undefined while it is being asked. */
  readonly access: AccessResult | undefined;
  readonly onDelete: (pod: PodResource) => void;
}

/** A pod row's menu: View logs, and Delete (disabled, saying why, when the user may not). */
export function PodActionsKebab({ pod, access, onDelete }: PodActionsKebabProps): ReactElement {
  const navigate = useNavigate();
  const name = pod.metadata.name ?? '';
  return (
    <KebabMenu
      label={`Actions for ${name}`}
      items={[
        {
          key: 'logs',
          label: 'View logs',
          onClick: () => {
            void navigate(podHref(pod.metadata.namespace ?? '', name, 'logs'));
          },
        },
        {
          key: 'delete',
          label: 'Delete',
          isDanger: true,
          disabledReason: podDeleteDisabledReason(pod, access),
          onClick: () => {
            onDelete(pod);
          },
        },
      ]}
    />
  );
}

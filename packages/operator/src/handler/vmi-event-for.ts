import type { EventNews } from '@podvisor/kube';
import type { DomainEvent } from '../protocol/v1/index.ts';

const crashReasons: readonly string[] = ['Crashed', 'Failed', 'Panicked'];

function stoppedNews(reason: string): EventNews {
  if (crashReasons.includes(reason)) {
    return {
      type: 'Warning',
      reason: 'Crashed',
      message: `The VirtualMachineInstance crashed (${reason}).`,
    };
  }
  if (reason === 'Destroyed') {
    return { type: 'Normal', reason: 'Stopped', message: 'The VirtualMachineInstance was killed.' };
  }
  return {
    type: 'Normal',
    reason: 'Stopped',
    message: 'The VirtualMachineInstance was shut down.',
  };
}

/**
 * The Kubernetes Event (KubeVirt's reasons and wording) for a domain event the launcher sent,
 * or `undefined` for the ones a user does not care about (Defined, agent comings and goings).
 */
export function vmiEventFor(event: DomainEvent): EventNews | undefined {
  switch (event.type) {
    case 'Started':
      return { type: 'Normal', reason: 'Started', message: 'VirtualMachineInstance started.' };
    case 'Stopped':
      return stoppedNews(event.reason);
    case 'Crashed':
      return stoppedNews(event.reason === '' ? 'Crashed' : event.reason);
    case 'Suspended':
      return {
        type: 'Normal',
        reason: 'Paused',
        message: 'The VirtualMachineInstance was paused.',
      };
    case 'Resumed':
      return {
        type: 'Normal',
        reason: 'Resumed',
        message: 'The VirtualMachineInstance was resumed.',
      };
    case 'Shutdown':
      return {
        type: 'Normal',
        reason: 'ShuttingDown',
        message: 'The guest is shutting down.',
      };
    default:
      return undefined;
  }
}

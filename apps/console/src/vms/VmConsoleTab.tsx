import type { ReactElement } from 'react';
import { SerialConsole } from '../consoles/index.ts';

/** The Console tab: the VM's serial console (the one place that imports the console viewers). */
export function VmConsoleTab({
  namespace,
  name,
}: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  return <SerialConsole namespace={namespace} name={name} />;
}

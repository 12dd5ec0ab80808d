import type { ReactElement } from 'react';
import { ConsoleViewer } from '../consoles/index.ts';

/** The Console tab: serial, VNC and SPICE viewers (the one place that imports them). */
export function VmConsoleTab({
  namespace,
  name,
}: {
  readonly namespace: string;
  readonly name: string;
}): ReactElement {
  return <ConsoleViewer namespace={namespace} name={name} />;
}

import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { ConsoleKind } from './console-socket-url.ts';

/** The search parameter that holds the chosen console (serial when absent). */
export const consoleParam = 'console';

/** The consoles in switcher order, with their titles. */
export const consoleKinds: readonly { readonly kind: ConsoleKind; readonly title: string }[] = [
  { kind: 'serial', title: 'Serial' },
  { kind: 'vnc', title: 'VNC' },
  { kind: 'spice', title: 'SPICE' },
];

/** The console kind a `?console=` value names; serial for anything else. */
function parseConsoleKind(value: string | null): ConsoleKind {
  return consoleKinds.find((entry) => entry.kind === value)?.kind ?? 'serial';
}

/**
 * The console chosen in the URL (`?console=`, serial by default) and a setter that keeps the
 * other search parameters (the details page's `?tab=`, the namespace).
 */
export function useConsoleKind(): [ConsoleKind, (kind: ConsoleKind) => void] {
  const [params, setParams] = useSearchParams();
  const kind = parseConsoleKind(params.get(consoleParam));
  const setKind = useCallback(
    (next: ConsoleKind) => {
      setParams((current) => {
        const updated = new URLSearchParams(current);
        if (next === 'serial') updated.delete(consoleParam);
        else updated.set(consoleParam, next);
        return updated;
      });
    },
    [setParams],
  );
  return [kind, setKind];
}

/** The path of the pop-out console page of VM `namespace/name`, showing `kind`. */
export function consolePopoutHref(namespace: string, name: string, kind: ConsoleKind): string {
  const path = `/vms/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}/console`;
  return kind === 'serial' ? path : `${path}?${consoleParam}=${kind}`;
}

import type { KubeError } from './kube-error.ts';

type UnauthorizedListener = (error: KubeError) => void;

const listeners = new Set<UnauthorizedListener>();

/**
 * Registers `listener` to hear about every 401 the data layer meets (the session ended): the app
 * shows sign-in. Returns the function that removes it.
 */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Tells every {@link onUnauthorized} listener that a request was answered 401. */
export function notifyUnauthorized(error: KubeError): void {
  for (const listener of [...listeners]) listener(error);
}

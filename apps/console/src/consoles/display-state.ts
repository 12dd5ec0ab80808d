import type { DisplayState } from './DisplayToolbar.tsx';
import type { ConsoleConnectionState } from './reconnecting-console.ts';

/** The toolbar's view of a console connection: the close's sentence instead of its code. */
export function toDisplayState(state: ConsoleConnectionState): DisplayState {
  if (state.status !== 'disconnected') return state;
  return { status: 'disconnected', message: state.close?.message, retryInMs: state.retryInMs };
}

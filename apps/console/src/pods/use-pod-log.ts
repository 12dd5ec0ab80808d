import { useEffect, useState } from 'react';
import { type PodLogTarget, readPodLog } from './pod-log-stream.ts';

/** How many lines a log view keeps (the oldest are dropped as new ones arrive). */
export const podLogMaxLines = 5000;

/** What a log view shows. */
export interface PodLogState {
  /** The last {@link podLogMaxLines} lines. */
  readonly lines: readonly string[];
  /** Lines dropped from the top to stay within the cap. */
  readonly dropped: number;
  /** True until the server answers. */
  readonly loading: boolean;
  /** True while a followed log is still open. */
  readonly streaming: boolean;
  /** The server's message when the log could not be read. */
  readonly error: string | undefined;
}

interface KeyedState extends PodLogState {
  readonly key: string;
}

/** Appends `lines` to `current`, keeping only the last `max`; returns the lines and how many fell. */
export function appendCapped(
  current: readonly string[],
  lines: readonly string[],
  max: number = podLogMaxLines,
): { lines: readonly string[]; dropped: number } {
  const all = current.length === 0 ? lines : [...current, ...lines];
  const dropped = Math.max(0, all.length - max);
  return { lines: dropped === 0 ? all : all.slice(dropped), dropped };
}

function initial(key: string, follow: boolean): KeyedState {
  return { key, lines: [], dropped: 0, loading: key !== '', streaming: follow, error: undefined };
}

/**
 * Reads (and with `follow`, streams) a container's log while mounted; a change of the target
 * aborts the request and starts over, and unmounting aborts it. `null` reads nothing.
 */
export function usePodLog(target: PodLogTarget | null): PodLogState {
  const key = target === null ? '' : JSON.stringify(target);
  const [state, setState] = useState<KeyedState>(() => initial(key, target?.follow ?? false));
  useEffect(() => {
    if (key === '') return undefined;
    const parsed = JSON.parse(key) as PodLogTarget;
    const controller = new AbortController();
    const update = (change: (current: KeyedState) => Partial<PodLogState>): void => {
      if (controller.signal.aborted) return;
      setState((current) => {
        const base = current.key === key ? current : initial(key, parsed.follow);
        return { ...base, ...change(base) };
      });
    };
    readPodLog(parsed, {
      signal: controller.signal,
      onOpen: () => {
        update(() => ({ loading: false }));
      },
      onLines: (lines) => {
        update((current) => {
          const next = appendCapped(current.lines, lines);
          return { lines: next.lines, dropped: current.dropped + next.dropped, loading: false };
        });
      },
    }).then(
      () => {
        update(() => ({ loading: false, streaming: false }));
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        update(() => ({ loading: false, streaming: false, error: message }));
      },
    );
    return () => {
      controller.abort();
    };
  }, [key]);
  return state.key === key ? state : initial(key, target?.follow ?? false);
}

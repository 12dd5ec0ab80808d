import { StaleAptListsError } from './apt-packages.ts';
import { GuestImageError } from './guest-image-error.ts';
import { runTool } from './run-tool.ts';

const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Runs `step`; when apt's lists are stale, runs `apt-get update` (as root) and `step` once more,
 * or fails saying which command fixes it.
 */
export async function withFreshAptLists<T>(
  step: () => Promise<T>,
  progress: (line: string) => void,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof StaleAptListsError)) throw error;
    const fix = 'apt-get update';
    if (!isRoot())
      throw new GuestImageError(
        `${error.message}: apt's package lists are missing or stale. Run \`sudo ${fix}\` and build again.`,
      );
    progress(`${error.message}: apt's package lists are stale, running ${fix}`);
    await runTool('apt-get', ['update']);
    return step();
  }
}

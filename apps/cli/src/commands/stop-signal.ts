/**
 * Resolves with the first SIGINT or SIGTERM. The handlers stay installed, so a second signal
 * while the command is shutting down (a terminal's Ctrl-C reaches both the `npx` wrapper, which
 * forwards it, and this process) does not kill the process halfway through its cleanup.
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

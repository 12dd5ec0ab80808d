import { detectAcceleration, readAccelerationFacts } from '@podvisor/operator';

/** How VMs run on this machine, decided by the launcher's own rule: "TCG (software emulation: …)". */
export async function detectAccelerator(): Promise<string> {
  const { accel, reason } = detectAcceleration(
    await readAccelerationFacts({ forceEmulation: false }),
  );
  return `${accel.toUpperCase()} (${reason})`;
}

import type { RfbFactory } from './vnc-session.ts';

/**
 * Loads noVNC (its own chunk, only when a VNC console opens) and returns the factory that
 * starts its `RFB` client over an open or opening websocket. The one place that touches the
 * real noVNC, which needs a real canvas: tests replace this module.
 */
export async function loadRfbFactory(): Promise<RfbFactory> {
  const { default: RFB } = await import('@novnc/novnc');
  return (target, socket) => new RFB(target, socket, { shared: true });
}

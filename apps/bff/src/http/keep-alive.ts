import type { WebSocket } from 'ws';

/**
 * Pings `socket` every `intervalMs` (30 s: below the idle timeouts of common proxies and load
 * balancers) and terminates it when two pings in a row go unanswered, so a vanished browser
 * releases what it held (its watches) instead of lingering until TCP gives up.
 */
export function keepAlive(socket: WebSocket, intervalMs = 30_000): void {
  let missed = 0;
  socket.on('pong', () => {
    missed = 0;
  });
  const timer = setInterval(() => {
    if (missed >= 2) {
      socket.terminate();
      return;
    }
    missed += 1;
    socket.ping();
  }, intervalMs);
  timer.unref();
  socket.once('close', () => {
    clearInterval(timer);
  });
}

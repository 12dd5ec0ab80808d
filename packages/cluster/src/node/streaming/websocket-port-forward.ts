import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { frame } from './channel-protocol.ts';
import type { PortConnector } from './spdy/spdy-port-forward.ts';

/** The ports of a websocket port-forward request (`ports=8080,9090` or repeated `port=`). */
export function requestedPorts(query: URLSearchParams): number[] | string {
  const texts = [...query.getAll('ports'), ...query.getAll('port')].flatMap((v) => v.split(','));
  if (texts.length === 0) return 'at least one port must be specified';
  const ports: number[] = [];
  for (const text of texts) {
    const port = Number(text.trim());
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return `invalid port "${text}": must be between 1 and 65535`;
    ports.push(port);
  }
  return ports;
}

function portPrefix(port: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16LE(port);
  return prefix;
}

/**
 * Serves websocket port-forward (kubelet's channel pairs, as client-node uses them): port i has
 * data channel 2i and error channel 2i+1, and the first message on each starts with the port as
 * a little-endian uint16. The session ends when any connection ends.
 */
export function serveWebSocketPortForward(
  ws: WebSocket,
  ports: readonly number[],
  connect: PortConnector,
): void {
  const sockets: Socket[] = [];
  const send = (channel: number, payload: Buffer): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(frame(channel, payload));
  };
  ports.forEach((port, i) => {
    send(2 * i, portPrefix(port));
    send(2 * i + 1, portPrefix(port));
    let socket: Socket;
    try {
      socket = connect(port);
    } catch (error) {
      send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod: ${String(error)}`));
      ws.close(1000);
      return;
    }
    sockets.push(socket);
    socket.on('data', (chunk: Buffer) => {
      send(2 * i, chunk);
    });
    socket.on('error', (error) => {
      send(2 * i + 1, Buffer.from(`error forwarding port ${port} to pod: ${error.message}`));
    });
    socket.on('close', () => {
      ws.close(1000);
    });
  });
  ws.on('message', (data: Buffer, isBinary) => {
    const channel = data[0];
    if (!isBinary || channel === undefined || channel % 2 !== 0) return;
    sockets[channel / 2]?.write(data.subarray(1));
  });
  ws.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
}

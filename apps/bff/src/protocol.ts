/**
 * @packageDocumentation
 * What the browser and the BFF agree on, with no Node imports, for the SPA to import:
 * the `/api/watch` protocol and the console sockets' close codes.
 */
export * from './watch/watch-protocol.ts';
export {
  consoleCloseCodes,
  describeConsoleClose,
  handshakeCloseCode,
} from './consoles/console-close-codes.ts';
export type { KubeStatus } from './upstream/upstream-error.ts';

export {
  createConsoleProxy,
  kubevirtSubprotocol,
  type ConsoleKind,
  type ConsoleProxy,
  type ConsoleProxyOptions,
  type ConsoleTarget,
} from './console-proxy.ts';
export {
  consoleCloseCodes,
  describeConsoleClose,
  handshakeCloseCode,
} from './console-close-codes.ts';

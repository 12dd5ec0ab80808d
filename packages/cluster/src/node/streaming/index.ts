export {
  createStreamingServer,
  type StreamingServer,
  type StreamingServerOptions,
} from './streaming-server.ts';
export { startNodeStreaming } from './start-node-streaming.ts';
export {
  nodeServingCredentials,
  proxyClientCredentials,
  proxyClientName,
  type StreamingCredentials,
} from './streaming-pki.ts';
export {
  nodeStreamPath,
  parseNodeStreamPath,
  type StreamKind,
  type StreamTarget,
} from './streaming-paths.ts';
export { type PodPortConnector } from './upgrade-handler.ts';

export {
  ContainerAccessError,
  type AttachSession,
  type ContainerAccess,
  type ContainerAccessReason,
  type ExecSession,
  type OutputListener,
} from './container-access.ts';
export { startNodeAgent, type NodeAgentOptions, type RunningNodeAgent } from './node-agent.ts';
export {
  placeholderStreamingServer,
  type StreamingServer,
  type StreamingServerContext,
  type StreamingServerFactory,
} from './streaming-server.ts';
export { criLine, rfc3339Nano, type LogStream } from './cri-log.ts';

export {
  createPodProxy,
  type PodProxy,
  type PodProxyOptions,
  type PodStreamRequest,
} from './pod-proxy.ts';
export { parsePodStreamPath } from './pod-stream-path.ts';
export {
  chooseContainer,
  nodeEndpoint,
  podStreamTarget,
  type NodeEndpoint,
  type PodStreamTarget,
} from './pod-stream-target.ts';

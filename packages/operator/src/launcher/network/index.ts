export {
  choosePodNetwork,
  defaultRouteInterface,
  type PodNetworkChoice,
  type PodNetworkFacts,
} from './choose-pod-network.ts';
export {
  everyPortEnd,
  passtArgs,
  type PasstArgsOptions,
  type PasstPlan,
  reservedFiles,
} from './passt-args.ts';
export { PasstError } from './passt-error.ts';
export { type PasstPaths, passtPaths } from './passt-paths.ts';
export {
  findExecutable,
  openFileLimitFrom,
  type PodNetworkSources,
  readPodNetworkFacts,
} from './read-pod-network-facts.ts';
export { type GuestPasstOptions, startGuestPasst } from './start-guest-passt.ts';
export {
  describePasstExit,
  type PasstExit,
  passtCommand,
  passtOutput,
  type RunningPasst,
  startPasst,
  type StartPasstOptions,
} from './start-passt.ts';

/**
 * @packageDocumentation
 * Shared helpers of the end-to-end suite: the Playwright `test` with the Podvisor fixtures, and
 * the pieces behind them (running `podvisor` and kubectl, reading cluster state, finding processes).
 */
export { attachScreenshot } from './attach-screenshot.ts';
export { expect, signIn, test, upTimeoutMs, type Podvisor } from './fixtures.ts';
export {
  kubectlEnv,
  kubectlFor,
  podvisorBin,
  repoRoot,
  runCommand,
  runPodvisor,
  signInLinkOf,
  type CommandResult,
  type Kubectl,
  type LinkIdentity,
  type RunOptions,
} from './podvisor-cli.ts';
export {
  parseAnnouncement,
  startUp,
  type ExitStatus,
  type UpAnnouncement,
  type UpOptions,
  type UpProcess,
} from './podvisor-up.ts';
export { objectsOf, readCluster, summarizeList, type ObjectSummary } from './cluster-summary.ts';
export {
  isNodeAgent,
  isQemu,
  killProcessesMentioning,
  processesMentioning,
  stillRuns,
  type ProcessInfo,
} from './processes-mentioning.ts';
export { kubectlOrThrow, tinyVm, vmPrintableStatus, type RunStrategy } from './tiny-vm.ts';

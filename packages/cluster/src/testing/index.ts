export {
  startTestCluster,
  versionedKubectl,
  type CommandResult,
  type TestCluster,
} from './test-cluster.ts';
export { apiClient, type ApiClient, type ApiResponse } from './api-client.ts';
export { eventually, freePort, until } from './wait.ts';

export {
  checkAccess,
  clearAccessCache,
  useAccess,
  type AccessAttributes,
  type AccessResult,
} from './access-review.ts';
export { csrfCookieName, csrfHeaderName, csrfToken } from './csrf-token.ts';
export {
  k8sCreate,
  k8sDelete,
  k8sGet,
  k8sList,
  k8sPatch,
  k8sRequest,
  k8sSubresource,
  k8sUpdate,
  kubernetesApiPrefix,
  resourcePath,
  type JsonPatchOperation,
  type K8sDeleteOptions,
  type K8sListOptions,
  type K8sPatch,
  type K8sRequest,
  type K8sRequestOptions,
  type ObjectLocator,
  type ResourceLocator,
} from './k8s-fetch.ts';
export type { K8sObject, K8sObjectMeta } from './k8s-object.ts';
export {
  KubeError,
  kubeErrorFromBody,
  kubeErrorFromStatus,
  type KubeErrorCause,
} from './kube-error.ts';
export { notifyUnauthorized, onUnauthorized } from './on-unauthorized.ts';
export {
  signOut,
  useCurrentUser,
  type CurrentUser,
  type CurrentUserState,
} from './use-current-user.ts';
export {
  labelSelectorOf,
  useK8sWatchResource,
  type ListWatchResource,
  type ObjectWatchResource,
  type WatchResource,
  type WatchResult,
} from './use-k8s-watch-resource.ts';
export {
  pageWatchSocket,
  useWatchSocket,
  useWatchSocketState,
  WatchSocketContext,
} from './use-watch-socket.ts';
export { WatchSocketProvider } from './WatchSocketProvider.tsx';
export {
  createWatchSocket,
  watchObjectKey,
  watchQueryKey,
  type WatchBackoff,
  type WatchQuery,
  type WatchSocket,
  type WatchSocketOptions,
  type WatchSocketState,
  type WatchUpdate,
  type WebSocketLike,
} from './watch-socket.ts';

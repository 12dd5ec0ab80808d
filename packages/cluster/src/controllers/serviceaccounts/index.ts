export {
  defaultServiceAccountController,
  namespacesRef,
  serviceAccountsRef,
} from './default-service-account-controller.ts';
export {
  defaultAudience,
  defaultExpirationSeconds,
  handleTokenRequest,
  type BoundKind,
  type SignedServiceAccountToken,
  type TokenRequestOptions,
  type TokenSignInput,
  type TokenSigner,
} from './handle-token-request.ts';

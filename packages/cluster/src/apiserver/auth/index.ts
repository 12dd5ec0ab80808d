export {
  createAuth,
  bearerToken,
  type AdmittedRequest,
  type Auth,
  type AuthOptions,
} from './create-auth.ts';
export { forbiddenError, forbiddenMessage } from './forbidden-error.ts';
export type { Decision } from './rbac-authorizer.ts';
export { requestAttributes, type RequestAttributes } from './request-attributes.ts';
export {
  serviceAccountIssuer,
  type BoundObjectRef,
  type SignedToken,
  type TokenRequestInput,
  type TokenVerdict,
} from './service-account-tokens.ts';
export { addUser, type AddedUser } from './add-user.ts';
export { adminUser, anonymousUser, type UserInfo } from './user-info.ts';

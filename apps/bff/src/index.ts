/**
 * @packageDocumentation
 * The backend-for-frontend of the console: sign-in, the Kubernetes proxy, multiplexed live
 * watches and console websockets, all as the signed-in user.
 */
export { bffConfigSpec, defaultStaticDir, type BffConfig } from './bff-config.ts';
export { createApp, type Bff, type BffDeps } from './create-app.ts';
export { loadLoginSecret, loginSecretPath, mintLoginLink } from './login-secret.ts';
export { serveBff, type ServedBff } from './serve-bff.ts';
export { createUpstream, type Upstream } from './upstream/upstream.ts';
export type { Credential } from './upstream/credential.ts';

import { homedir } from 'node:os';
import { join } from 'node:path';
import { field, type ConfigOf } from '@podvisor/kube';

/** The built SPA inside this repository. */
export const defaultStaticDir = join(import.meta.dirname, '..', '..', 'console', 'dist');

const optional = (flag: string, describe: string, env?: string) =>
  field.string({ flag, describe, default: '', nonEmpty: false, ...(env ? { env } : {}) });

/** The flags and environment of `podvisor console`, parsed once and passed in. */
export const bffConfigSpec = {
  kubeconfig: field.string({
    flag: 'kubeconfig',
    env: 'KUBECONFIG',
    default: join(homedir(), '.kube', 'config'),
    describe: 'kubeconfig of the cluster the console works on',
  }),
  dataDir: field.string({
    flag: 'data-dir',
    env: 'PODVISOR_DATA_DIR',
    default: join(homedir(), '.podvisor'),
    describe: 'directory holding the local sign-in secret (console/login-secret)',
  }),
  address: field.string({
    flag: 'address',
    env: 'PODVISOR_CONSOLE_ADDRESS',
    default: '127.0.0.1',
    describe: 'address to listen on',
  }),
  port: field.port({
    flag: 'port',
    env: 'PODVISOR_CONSOLE_PORT',
    default: 0,
    describe: 'console port (0: any free port)',
  }),
  auth: field.oneOf(['local', 'token', 'oidc'] as const, {
    flag: 'auth',
    env: 'PODVISOR_CONSOLE_AUTH',
    default: 'local',
    describe:
      'sign-in: local (a one-time link acting as the kubeconfig user), token (a bearer token), oidc',
  }),
  publicUrl: optional(
    'public-url',
    'the URL browsers use when the console is behind a proxy (default: http://ADDRESS:PORT)',
  ),
  allowedOrigins: optional(
    'allowed-origins',
    'more origins, comma-separated, whose pages may open websockets',
  ),
  staticDir: field.string({
    flag: 'static-dir',
    default: defaultStaticDir,
    describe: 'the built console (npm run build writes apps/console/dist)',
  }),
  oidcIssuer: optional('oidc-issuer', 'OIDC issuer URL (with --auth oidc)'),
  oidcClientId: optional('oidc-client-id', 'OIDC client id'),
  oidcClientSecretFile: optional('oidc-client-secret-file', 'file holding the OIDC client secret'),
  oidcUsernameClaim: field.string({
    flag: 'oidc-username-claim',
    default: 'email',
    describe: 'ID-token claim that names the Kubernetes user',
  }),
  oidcGroupsClaim: field.string({
    flag: 'oidc-groups-claim',
    default: 'groups',
    describe: 'ID-token claim that lists the Kubernetes groups',
  }),
  oidcUsernamePrefix: field.string({
    flag: 'oidc-username-prefix',
    default: 'oidc:',
    nonEmpty: false,
    describe: 'prefix of impersonated user names',
  }),
  oidcGroupsPrefix: field.string({
    flag: 'oidc-groups-prefix',
    default: 'oidc:',
    nonEmpty: false,
    describe: 'prefix of impersonated group names',
  }),
};

/** The parsed configuration of the console's server. */
export type BffConfig = ConfigOf<typeof bffConfigSpec>;

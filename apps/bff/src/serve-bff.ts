import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadKubeConfig, type KubeConfigEnv, type Logger } from '@podvisor/kube';
import type { AuthConfig } from './auth/auth-router.ts';
import { createLocalTickets, loginLink } from './auth/local-tickets.ts';
import type { BffConfig } from './bff-config.ts';
import { createApp } from './create-app.ts';
import { loadLoginSecret } from './login-secret.ts';
import { createUpstream } from './upstream/upstream.ts';

/** A listening console server. */
export interface ServedBff {
  /** The console's URL. */
  readonly url: string;
  /** A fresh one-time sign-in link (local sign-in only). */
  loginLink(): string | undefined;
  close(): Promise<void>;
}

function oidcAuth(config: BffConfig): AuthConfig {
  const missing = (['oidcIssuer', 'oidcClientId'] as const).filter((key) => config[key] === '');
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map((key) => ({
        field: key,
        source: `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        message: 'is required with --auth oidc',
      })),
    );
  }
  const secretFile = config.oidcClientSecretFile;
  if (secretFile !== '' && !existsSync(secretFile)) {
    throw new ConfigError([
      {
        field: 'oidcClientSecretFile',
        source: '--oidc-client-secret-file',
        message: `${secretFile} does not exist`,
      },
    ]);
  }
  return {
    mode: 'oidc',
    issuer: config.oidcIssuer,
    clientId: config.oidcClientId,
    ...(secretFile === '' ? {} : { clientSecret: readFileSync(secretFile, 'utf8').trim() }),
    usernameClaim: config.oidcUsernameClaim,
    groupsClaim: config.oidcGroupsClaim,
    usernamePrefix: config.oidcUsernamePrefix,
    groupsPrefix: config.oidcGroupsPrefix,
    scopes: ['openid', 'email', 'profile', 'groups'],
  };
}

/**
 * Serves the console: listens on `config.address:config.port`, then builds the app for the URL it
 * got, against the API server of `config.kubeconfig` (or, given `inCluster` with
 * KUBERNETES_SERVICE_HOST, of the pod's service account).
 */
export async function serveBff(
  config: BffConfig,
  logger: Logger,
  options: {
    inCluster?: KubeConfigEnv;
    /**
     * A socket already listening (inherited from a parent in another network namespace) to serve
     * instead of binding `config.address:config.port`, which then only names the URL.
     */
    listenFd?: number;
  } = {},
): Promise<ServedBff> {
  // Everything that can be wrong with the configuration fails before the port is taken.
  const tickets =
    config.auth === 'local'
      ? createLocalTickets({ secret: loadLoginSecret(config.dataDir) })
      : undefined;
  const auth: AuthConfig =
    tickets !== undefined
      ? { mode: 'local', tickets, credential: { kind: 'kubeconfig' } }
      : config.auth === 'token'
        ? { mode: 'token' }
        : oidcAuth(config);
  // In a pod (`inCluster` holds KUBERNETES_SERVICE_HOST), the service account; else --kubeconfig.
  const kubeConfig = loadKubeConfig({ ...options.inCluster, KUBECONFIG: config.kubeconfig });
  const upstream = createUpstream(kubeConfig);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException): void => {
      const where = `${config.address}:${String(config.port)}`;
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `the console port ${where} is in use: choose another port (0 picks a free one)`,
            )
          : error,
      );
    };
    server.once('error', failed);
    const listening = (): void => {
      server.off('error', failed);
      resolve();
    };
    if (options.listenFd === undefined) server.listen(config.port, config.address, listening);
    else server.listen({ fd: options.listenFd }, listening);
  });
  const port =
    options.listenFd === undefined ? (server.address() as AddressInfo).port : config.port;
  const host = config.address.includes(':') ? `[${config.address}]` : config.address;
  const url = config.publicUrl === '' ? `http://${host}:${String(port)}` : config.publicUrl;
  const extraOrigins = config.allowedOrigins
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const bff = createApp({
    upstream,
    auth,
    logger,
    baseUrl: url,
    extraOrigins,
    staticDir: config.staticDir,
  });
  server.on('request', bff.app);
  server.on('upgrade', bff.upgrade);
  logger.info({ url, auth: config.auth, server: upstream.server.origin }, 'console serving');
  return {
    url,
    loginLink: () => (tickets === undefined ? undefined : loginLink(url, tickets.issue())),
    close: async () => {
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await bff.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

import { stringify } from 'yaml';

/**
 * A kubeconfig for the cluster admin: the server URL, the cluster CA's data (so no client needs
 * an insecure flag) and the admin bearer token; context `podvisor`, namespace `default`.
 */
export function adminKubeconfig(input: { server: string; caCert: string; token: string }): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'podvisor',
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.caCert).toString('base64'),
        },
      },
    ],
    users: [{ name: 'podvisor-admin', user: { token: input.token } }],
    contexts: [
      {
        name: 'podvisor',
        context: { cluster: 'podvisor', user: 'podvisor-admin', namespace: 'default' },
      },
    ],
    'current-context': 'podvisor',
    preferences: {},
  });
}

import type { KubeObject } from '../json.ts';
import { frontProxyClientName } from './front-proxy-pki.ts';

/**
 * The `kube-system/extension-apiserver-authentication` ConfigMap that aggregated API servers
 * read (k8s.io/apiserver's requestheader options) to trust the API server's proxied requests:
 * the client CA for direct clients, the front-proxy CA and allowed names for the proxy, and the
 * headers that carry the user. List values are JSON arrays, as kube-apiserver writes them.
 */
export function extensionApiserverAuthentication(options: {
  clientCaCert: string;
  frontProxyCaCert: string;
}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'extension-apiserver-authentication', namespace: 'kube-system' },
    data: {
      'client-ca-file': options.clientCaCert,
      'requestheader-client-ca-file': options.frontProxyCaCert,
      'requestheader-allowed-names': JSON.stringify([frontProxyClientName]),
      'requestheader-username-headers': JSON.stringify(['X-Remote-User']),
      'requestheader-group-headers': JSON.stringify(['X-Remote-Group']),
      'requestheader-extra-headers-prefix': JSON.stringify(['X-Remote-Extra-']),
    },
  };
}

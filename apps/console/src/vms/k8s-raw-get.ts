import {
  KubeError,
  kubeErrorFromBody,
  kubernetesApiPrefix,
  notifyUnauthorized,
} from '../k8s/index.ts';

/** What a raw GET asks for. */
export interface K8sRawGetOptions {
  /** The `Accept` header: `image/png`, `text/plain`, … */
  readonly accept: string;
  readonly signal?: AbortSignal;
}

/**
 * GETs a non-JSON document (a pod log, a VNC screenshot) of the Kubernetes API through the BFF,
 * resolving with the raw 2xx `Response` for the caller to read as text or blob. A non-2xx answer
 * rejects with a {@link KubeError} in the server's words (a 401 also tells the unauthorized
 * listeners); an unreachable console server with a `NetworkError` KubeError (code 0); an abort
 * with the abort's own error.
 */
export async function k8sRawGet(path: string, options: K8sRawGetOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${kubernetesApiPrefix}${path}`, {
      method: 'GET',
      headers: { Accept: options.accept },
      credentials: 'same-origin',
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new KubeError({
      code: 0,
      reason: 'NetworkError',
      message: `the console server could not be reached: ${detail}`,
    });
  }
  if (response.ok) return response;
  const error = kubeErrorFromBody(response.status, await response.text());
  if (response.status === 401) notifyUnauthorized(error);
  throw error;
}

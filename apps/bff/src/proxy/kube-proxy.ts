import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Credential } from '../upstream/credential.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { kubeStatus } from '../upstream/upstream-error.ts';
import { requestLocals } from '../http/request-context.ts';

/**
 * Request headers the browser may send on to the API server. Everything else stays behind:
 * cookies, the CSRF token, any Authorization or Impersonate-* the page might try, hop-by-hop
 * headers.
 */
const forwardedRequestHeaders = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'content-length',
  'content-encoding',
  'if-match',
  'if-none-match',
  'user-agent',
  'x-request-id',
];

/** Response headers the API server may send back to the browser. */
const forwardedResponseHeaders = [
  'content-type',
  'content-length',
  'content-encoding',
  'etag',
  'location',
  'warning',
  'audit-id',
  'x-kubernetes-pf-flowschema-uid',
  'x-kubernetes-pf-prioritylevel-uid',
];

function pick(headers: IncomingHttpHeaders, names: readonly string[]): OutgoingHttpHeaders {
  const picked: OutgoingHttpHeaders = {};
  for (const name of names) {
    const value = headers[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Finds the credential of the request's session; undefined when it has none. */
export type CredentialOf = (req: Request) => Credential | undefined;

/**
 * `/api/kubernetes/*`: forwards the request to the API server as the signed-in user, streaming
 * both bodies (watches included), with only the allowed headers either way, and `CSP: sandbox` on
 * what comes back so an object's content can never run as a page of this origin. Without a
 * session: 401 Status; the API server unreachable: 502 Status. The API server's own errors pass
 * through untouched.
 */
export function kubeProxy(upstream: Upstream, credentialOf: CredentialOf): RequestHandler {
  return (req, res) => {
    const credential = credentialOf(req);
    if (credential === undefined) {
      res.status(401).json(kubeStatus(401, 'not signed in to the console'));
      return;
    }
    void forward({ upstream, credential, req, res });
  };
}

async function forward(options: {
  upstream: Upstream;
  credential: Credential;
  req: Request;
  res: Response;
}): Promise<void> {
  const { upstream, credential, req, res } = options;
  const { log, requestId } = requestLocals(res);
  const aborted = new AbortController();
  res.on('close', () => {
    aborted.abort();
  });
  const path = req.originalUrl.replace(/^\/api\/kubernetes/, '') || '/';
  const headers = { ...pick(req.headers, forwardedRequestHeaders), 'x-request-id': requestId };
  const failed = (error: unknown): void => {
    if (aborted.signal.aborted) return;
    log.warn({ err: error }, 'the API server is unreachable');
    if (!res.headersSent) {
      res.status(502).json(kubeStatus(502, 'the console cannot reach the Kubernetes API server'));
    } else res.destroy();
  };
  try {
    const upstreamRequest = await upstream.open(credential, {
      method: req.method,
      path,
      headers,
      signal: aborted.signal,
    });
    upstreamRequest.on('error', failed);
    upstreamRequest.on('response', (answer: IncomingMessage) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(pick(answer.headers, forwardedResponseHeaders))) {
        if (value !== undefined) res.setHeader(name, value);
      }
      res.setHeader('Content-Security-Policy', 'sandbox');
      res.flushHeaders();
      answer.on('error', () => res.destroy());
      answer.pipe(res);
    });
    req.pipe(upstreamRequest);
  } catch (error) {
    failed(error);
  }
}

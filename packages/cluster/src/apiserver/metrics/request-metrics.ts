import type { IncomingMessage, ServerResponse } from 'node:http';
import { LabeledCounter } from './labeled-counter.ts';
import { prometheusTextContentType, renderPrometheusText } from './prometheus-text.ts';
import { requestLabelNames, requestLabelValues } from './request-labels.ts';

/** The path the metrics are served on, a non-resource URL as in kube-apiserver. */
export const metricsPath = '/metrics';

/**
 * The API server's request metrics: `apiserver_request_total`, Kubernetes' counter of requests
 * by verb, dry run, group, version, resource, subresource, scope, component and HTTP code.
 */
export class RequestMetrics {
  readonly requests = new LabeledCounter({
    name: 'apiserver_request_total',
    help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
    labelNames: requestLabelNames,
  });

  /** Counts a finished request (call it when the response closes); non-resource requests are not counted. */
  record(req: IncomingMessage, code: number): void {
    const values = requestLabelValues(
      {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        contentType: req.headers['content-type'],
      },
      code,
    );
    if (values !== undefined) this.requests.inc(values);
  }

  /** All metrics in Prometheus' text format. */
  render(): string {
    return renderPrometheusText([this.requests.collect()]);
  }
}

/**
 * Answers `GET /metrics` (and HEAD) with the metrics as Prometheus text; false when the request
 * is not for that path. The caller has authorized it as a non-resource request, as kube-apiserver
 * does (cluster-admin and system:masters may read it; anonymous requests may not).
 */
export function serveMetrics(
  metrics: RequestMetrics,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  if ((q < 0 ? url : url.slice(0, q)) !== metricsPath) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const text = metrics.render();
  res.writeHead(200, {
    'Content-Type': prometheusTextContentType,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
  return true;
}

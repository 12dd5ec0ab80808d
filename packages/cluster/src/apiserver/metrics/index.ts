export { LabeledCounter, defaultMaxSeries } from './labeled-counter.ts';
export {
  escapeLabelValue,
  formatLabels,
  prometheusTextContentType,
  renderPrometheusText,
  type MetricFamily,
  type Series,
} from './prometheus-text.ts';
export {
  metricScope,
  metricVerb,
  requestLabelNames,
  requestLabelValues,
  type RequestLine,
} from './request-labels.ts';
export { metricsPath, RequestMetrics, serveMetrics } from './request-metrics.ts';

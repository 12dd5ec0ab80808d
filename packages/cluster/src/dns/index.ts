export { answerQuery, type QueryContext, type QueryOutcome } from './answer-query.ts';
export { clusterDnsController, type ClusterDnsOptions } from './cluster-dns-controller.ts';
export { decodeMessage } from './decode-message.ts';
export {
  createDnsIndex,
  type DnsIndex,
  type DnsPort,
  type DnsSource,
  type EndpointAddress,
  type EndpointsRecord,
  type PodRecord,
  type ServiceRecord,
} from './dns-index.ts';
export {
  DnsFormatError,
  classIn,
  rcodes,
  recordTypes,
  type DnsHeader,
  type DnsMessage,
  type Question,
  type RecordData,
  type ResourceRecord,
} from './dns-message.ts';
export { encodeMessage, type EncodeOptions } from './encode-message.ts';
export { feedDnsIndex, type DnsFeed } from './feed-dns-index.ts';
export { forwardQuery, parseUpstream, type Upstream } from './forward-query.ts';
export { endpointsRecordOf, podRecordOf, serviceRecordOf } from './kube-dns-records.ts';
export {
  clusterDnsIp,
  clusterDnsProxyName,
  kubeDnsService,
  kubeDnsServiceController,
} from './kube-dns-service.ts';
export { renderResolvConf, type ResolvConfOptions } from './render-resolv-conf.ts';
export {
  dnsSchemaVersion,
  resolveQuestion,
  type PodsMode,
  type Resolution,
  type ResolverConfig,
} from './resolve-question.ts';
export {
  defaultTtl,
  defaultZone,
  startDnsServer,
  type DnsServerOptions,
  type RunningDnsServer,
} from './start-dns-server.ts';

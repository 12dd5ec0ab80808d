export { decodeKubernetesProtobuf, isKubernetesProtobuf } from './decode-kubernetes-protobuf.ts';

/**
 * The contract between virt-api and virt-handler's node endpoint (ADR 0012): where the endpoint
 * listens and how virt-api knows the certificate it serves.
 */

/** The port of virt-handler's node endpoint (KubeVirt's console server port). */
export const nodeEndpointPort = 8186;

/**
 * The annotation on each virt-handler pod holding the SHA-256 fingerprint (lower-case hex, no
 * colons) of the self-issued certificate its node endpoint serves; virt-api pins it.
 */
export const servingCertAnnotation = 'podvisor.io/serving-cert-sha256';

/**
 * @packageDocumentation
 * The embedded Kubernetes-compatible control plane (issues 3 and 4).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};

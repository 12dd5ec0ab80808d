/**
 * @packageDocumentation
 * virt-controller, virt-handler, virt-launcher and virt-api (issues 5 to 8).
 * Nothing is exported yet: the code arrives with the issue that owns it.
 */
export {};

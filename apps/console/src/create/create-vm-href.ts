/** The path of the Create VirtualMachine page (the route the lead wires). */
export const createVmPath = '/vms/~new';

/** The Create VirtualMachine page, starting in `namespace` (kept as `?ns=`) when given. */
export function createVmHref(namespace?: string): string {
  return namespace === undefined || namespace === ''
    ? createVmPath
    : `${createVmPath}?${new URLSearchParams({ ns: namespace }).toString()}`;
}

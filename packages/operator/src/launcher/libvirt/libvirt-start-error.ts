/** The private libvirt daemons could not be started (the message says why, with their log). */
export class LibvirtStartError extends Error {
  override readonly name = 'LibvirtStartError';
}

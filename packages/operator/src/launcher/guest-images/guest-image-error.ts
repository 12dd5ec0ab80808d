/**
 * Why building, importing or reading a guest image failed. The message names the cause (the
 * file, the package, the command) and, where there is one, the command that fixes it.
 */
export class GuestImageError extends Error {
  override readonly name = 'GuestImageError';
}

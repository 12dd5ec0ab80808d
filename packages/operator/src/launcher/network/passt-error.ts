/** passt could not start, or ended while the guest needed it (the message carries its complaint). */
export class PasstError extends Error {
  override readonly name = 'PasstError';
}

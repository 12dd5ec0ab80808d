/** What kind of failure a VirshError is, for callers that react to some of them. */
export type VirshErrorCode =
  | 'domain-not-found'
  | 'not-running'
  | 'already-running'
  | 'agent-unavailable'
  | 'connection-failed'
  | 'virsh-missing'
  | 'timeout'
  | 'failed';

const codes: readonly (readonly [RegExp, VirshErrorCode])[] = [
  [/failed to get domain|Domain not found/i, 'domain-not-found'],
  [/domain is not running/i, 'not-running'],
  [/domain is already active|already running/i, 'already-running'],
  [
    /guest agent is not (?:responding|connected)|QEMU guest agent is not connected/i,
    'agent-unavailable',
  ],
  [
    /failed to connect (?:socket|to the hypervisor)|Cannot recv data|End of file while reading/i,
    'connection-failed',
  ],
];

/** The code for virsh's message (the `error:` lines it printed). */
export function virshErrorCode(message: string): VirshErrorCode {
  return codes.find(([pattern]) => pattern.test(message))?.[1] ?? 'failed';
}

/**
 * virsh's own words from its standard error: the `error: ` lines, joined with `: ` (libvirt
 * prints the operation first, then the cause); everything else when there is no such line.
 */
export function virshMessage(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const errors = lines.filter((line) => line.startsWith('error: ')).map((line) => line.slice(7));
  return (errors.length > 0 ? errors : lines).join(': ');
}

/** A virsh command that failed: the command (`virsh start ns1_vm1`), virsh's message and a code. */
export class VirshError extends Error {
  override readonly name = 'VirshError';
  readonly command: string;
  readonly code: VirshErrorCode;
  /** virsh's message, without the command (`Requested operation is not valid: domain is not running`). */
  readonly virshMessage: string;
  readonly exitCode: number | null;

  constructor(options: {
    command: string;
    message: string;
    exitCode: number | null;
    code?: VirshErrorCode;
  }) {
    super(`\`${options.command}\` failed: ${options.message}`);
    this.command = options.command;
    this.virshMessage = options.message;
    this.exitCode = options.exitCode;
    this.code = options.code ?? virshErrorCode(options.message);
  }
}

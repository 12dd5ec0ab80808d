/**
 * The close codes of a console websocket (`/api/consoles/{namespace}/{vmi}/{kind}`), shared by
 * the BFF and the SPA. This file has no Node imports: the SPA imports it.
 *
 * A browser cannot read the HTTP status of a refused websocket handshake (it only sees 1006), so
 * the BFF accepts the browser's socket first and reports what happened upstream in the close
 * frame. Every 4xxx code is `4000 + an HTTP status`: either the status the API server (or
 * virt-api behind it) refused the handshake with, or the status the BFF would answer as a
 * gateway for a failure of its own (413, 502, 504). The close reason carries the Kubernetes
 * `Status` message (at most 123 bytes of UTF-8).
 */
export const consoleCloseCodes = {
  /** Closed normally by either side (the guest's console ended, the user closed the tab). */
  normal: 1000,
  /** The BFF is shutting down; reconnecting in a moment works. */
  goingAway: 1001,
  /** Added to the HTTP status of a refused handshake. */
  handshakeBase: 4000,
  /** 400: a bad target, or virt-api refusing the stream (VMI not running, no such device). */
  badRequest: 4400,
  /** 401: the API server did not accept the user's credential (an expired token). */
  unauthorized: 4401,
  /** 403: RBAC denies the user this console. */
  forbidden: 4403,
  /** 404: no such VMI (or namespace). */
  notFound: 4404,
  /** 409: the VMI is in the wrong state (not running), or another VNC viewer holds the session. */
  conflict: 4409,
  /** 413: the browser sent more input than the BFF buffers while the console was opening. */
  tooMuchInput: 4413,
  /** 500: the API server or the BFF failed internally. */
  internalError: 4500,
  /** 502: the BFF could not reach the console, or the connection to it broke. */
  upstreamUnavailable: 4502,
  /** 503: the API server has no available virt-api (APIService not Available). */
  serviceUnavailable: 4503,
  /** 504: the console stopped answering pings. */
  upstreamTimeout: 4504,
} as const;

/** The close code for a handshake the API server refused with HTTP `status`. */
export function handshakeCloseCode(status: number): number {
  const valid = Number.isInteger(status) && status >= 100 && status <= 599;
  return consoleCloseCodes.handshakeBase + (valid ? status : 502);
}

/** Sentences recognised from the close reason first: virt-api's own messages. */
const reasonSentences: readonly (readonly [RegExp, string])[] = [
  [/not running/i, 'The VM is not running.'],
  [/active vnc connection/i, 'Another VNC viewer is connected to this VM.'],
  [/no serial consoles/i, 'This VM has no serial console.'],
  [/no graphics devices/i, 'This VM has no graphics device.'],
  [/is paused/i, 'The VM is paused.'],
];

const codeSentences: Readonly<Record<number, string>> = {
  [consoleCloseCodes.normal]: 'The console was closed.',
  [consoleCloseCodes.goingAway]: 'The server is restarting; reconnect in a moment.',
  1006: 'The connection to the server was lost.',
  [consoleCloseCodes.badRequest]: 'The console request was not valid.',
  [consoleCloseCodes.unauthorized]: 'Your session has expired; sign in again.',
  [consoleCloseCodes.forbidden]: 'You are not allowed to open this console.',
  [consoleCloseCodes.notFound]: 'The VM does not exist or is not running.',
  [consoleCloseCodes.conflict]: 'The console is not available in the VM’s current state.',
  [consoleCloseCodes.tooMuchInput]: 'Too much input was sent before the console opened.',
  [consoleCloseCodes.internalError]: 'The server failed to open the console.',
  [consoleCloseCodes.upstreamUnavailable]: 'The connection to the console failed.',
  [consoleCloseCodes.serviceUnavailable]: 'The console service is not available.',
  [consoleCloseCodes.upstreamTimeout]: 'The console stopped responding.',
};

/**
 * The sentence the SPA shows when a console socket closes with `code` and `reason`: a
 * recognised virt-api message first (any 4xxx code: KubeVirt answers "VMI is not running" with
 * 400, older versions with 409), then the code's own sentence.
 */
export function describeConsoleClose(code: number, reason: string): string {
  if (code >= 4000 && code <= 4999) {
    const recognised = reasonSentences.find(([pattern]) => pattern.test(reason));
    if (recognised !== undefined) return recognised[1];
  }
  const known = codeSentences[code];
  if (known !== undefined) return known;
  const text = reason.trim().replace(/\.$/, '');
  const detail = text === '' ? '' : `: ${text}`;
  if (code > 4000 && code <= 4599)
    return `The console could not be opened (HTTP ${String(code - 4000)})${detail}.`;
  return `The console closed unexpectedly (code ${String(code)})${detail}.`;
}

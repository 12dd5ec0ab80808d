import type { Logger } from '@podvisor/kube';
import { WebSocket } from 'ws';
import type { Credential } from '../upstream/credential.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { closeFrame } from './close-frame.ts';
import { consoleCloseCodes } from './console-close-codes.ts';
import { ConsoleSession } from './console-session.ts';
import { consoleUpstreamPath, type ConsoleTarget } from './console-upstream-path.ts';

export type { ConsoleKind, ConsoleTarget } from './console-upstream-path.ts';

/** The only subprotocol virt-api's upgrader offers. */
export const kubevirtSubprotocol = 'plain.kubevirt.io';

/** How the console proxy behaves. */
export interface ConsoleProxyOptions {
  /** The API server; consoles are dialed as the user's credential. */
  readonly upstream: Upstream;
  readonly logger: Logger;
  /** How often both sides are pinged (default 30 s); two missed pongs terminate a side. */
  readonly pingIntervalMs?: number;
  /** Browser bytes buffered while the console opens (default 1 MiB); more closes with 4413. */
  readonly maxPendingBytes?: number;
  /** Bytes buffered towards one side before the other side is paused (default 1 MiB). */
  readonly highWaterBytes?: number;
  /** How long the upstream handshake may take (default 30 s); then the browser gets 4502. */
  readonly handshakeTimeoutMs?: number;
}

/** Splices browser console websockets to VMI consoles opened upstream as the user. */
export interface ConsoleProxy {
  /**
   * Takes over an accepted browser websocket (Origin and session already checked) and splices it
   * to the VMI's console, dialed as `credential`. Never throws: every failure becomes a close
   * code of {@link consoleCloseCodes} on the browser socket.
   */
  attach(browser: WebSocket, credential: Credential, target: ConsoleTarget): void;
  /** How many browser sockets are attached and not yet closed. */
  stats(): { open: number };
  /** Closes every pair with 1001 "going away"; later attaches are closed the same way. */
  close(): void;
}

const goingAway = closeFrame(consoleCloseCodes.goingAway, 'the server is shutting down');

/** Opens the console's websocket on the API server as `credential`. */
async function dialConsole(
  options: ConsoleProxyOptions,
  credential: Credential,
  path: string,
): Promise<WebSocket> {
  const dial = await options.upstream.dial(credential);
  return new WebSocket(`${dial.base}${path}`, [kubevirtSubprotocol], {
    headers: dial.headers,
    ...(dial.ca === undefined ? {} : { ca: dial.ca }),
    ...(dial.cert === undefined ? {} : { cert: dial.cert }),
    ...(dial.key === undefined ? {} : { key: dial.key }),
    rejectUnauthorized: dial.rejectUnauthorized,
    perMessageDeflate: false,
    followRedirects: false,
    handshakeTimeout: options.handshakeTimeoutMs ?? 30_000,
  });
}

/** Closes a browser socket that will not be attached; never throws. */
function refuse(browser: WebSocket, code: number, reason: string): void {
  try {
    const frame = closeFrame(code, reason);
    if (browser.readyState === WebSocket.OPEN) browser.close(frame.code, frame.reason);
    else browser.terminate();
  } catch {
    browser.terminate();
  }
}

/**
 * A console proxy: `/api/consoles/{namespace}/{vmi}/{serial|vnc|spice}` after the upgrade
 * router accepted the browser's socket. Upstream is virt-api's `console`, `vnc` or `spice`
 * subresource through the API server (so authentication, RBAC and aggregation apply), with the
 * `plain.kubevirt.io` subprotocol and binary frames only.
 */
export function createConsoleProxy(options: ConsoleProxyOptions): ConsoleProxy {
  const sessions = new Set<ConsoleSession>();
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const stopTimer = (): void => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  const startTimer = (): void => {
    if (timer !== undefined) return;
    timer = setInterval(() => {
      for (const session of sessions) session.tick();
    }, pingIntervalMs);
    timer.unref();
  };

  function open(browser: WebSocket, credential: Credential, target: ConsoleTarget): void {
    const where = consoleUpstreamPath(target);
    if ('problem' in where) {
      refuse(browser, consoleCloseCodes.badRequest, where.problem);
      return;
    }
    const session: ConsoleSession = new ConsoleSession({
      browser,
      connect: () => dialConsole(options, credential, where.path),
      logger: options.logger.child({
        console: target.kind,
        namespace: target.namespace,
        vmi: target.name,
      }),
      maxPendingBytes: options.maxPendingBytes ?? 1024 * 1024,
      highWaterBytes: options.highWaterBytes ?? 1024 * 1024,
      onEnd: () => {
        sessions.delete(session);
        if (sessions.size === 0) stopTimer();
      },
    });
    sessions.add(session);
    startTimer();
    session.start();
  }

  return {
    attach: (browser, credential, target) => {
      if (closed) {
        refuse(browser, goingAway.code, goingAway.reason);
        return;
      }
      try {
        open(browser, credential, target);
      } catch (error) {
        options.logger.error({ err: error }, 'attaching a console failed');
        refuse(browser, consoleCloseCodes.internalError, 'the console could not be attached');
      }
    },
    stats: () => ({ open: sessions.size }),
    close: () => {
      closed = true;
      for (const session of [...sessions]) session.close(goingAway);
      sessions.clear();
      stopTimer();
    },
  };
}

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { JsonObject } from '../apiserver/json.ts';
import { readNumber, readObject, readObjects, readString, readStrings } from './read-json.ts';

/** The outcome of one probe attempt. */
export interface ProbeResult {
  readonly success: boolean;
  /** Why it failed (for the Unhealthy event); empty on success. */
  readonly message: string;
}

/** What a probe reaches: the pod's address, the container's ports, and exec in the container. */
export interface ProbeTarget {
  readonly podIP: string;
  readonly ports: readonly JsonObject[];
  /** Runs a command in the container; resolves with its exit code and output. */
  exec(
    command: readonly string[],
    timeoutMs: number,
  ): Promise<{ exitCode: number; output: string }>;
}

function resolvePort(
  port: JsonObject[string] | undefined,
  ports: readonly JsonObject[],
): number | undefined {
  if (typeof port === 'number') return port;
  const named = ports.find((p) => p['name'] === port);
  return named === undefined
    ? /^\d+$/.test(readString(port))
      ? Number(port)
      : undefined
    : readNumber(named['containerPort'], 0);
}

function httpProbe(
  action: JsonObject,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  const port = resolvePort(action['port'], target.ports);
  if (port === undefined)
    return Promise.resolve({
      success: false,
      message: `unknown port ${JSON.stringify(action['port'])}`,
    });
  const https = readString(action['scheme'], 'HTTP').toUpperCase() === 'HTTPS';
  const headers = Object.fromEntries(
    readObjects(action['httpHeaders']).map((h) => [readString(h['name']), readString(h['value'])]),
  );
  const host = readString(action['host'], target.podIP);
  const path = readString(action['path'], '/');
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        host,
        port,
        path,
        method: 'GET',
        headers: { 'User-Agent': 'kube-probe/1.32', ...headers },
        rejectUnauthorized: false,
      },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(
          code >= 200 && code < 400
            ? { success: true, message: '' }
            : { success: false, message: `HTTP probe failed with statuscode: ${code}` },
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('context deadline exceeded')));
    req.on('error', (error) => {
      resolve({
        success: false,
        message: `Get "${https ? 'https' : 'http'}://${host}:${port}${path}": ${error.message}`,
      });
    });
    req.end();
  });
}

function tcpProbe(
  action: JsonObject,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  const port = resolvePort(action['port'], target.ports);
  const host = readString(action['host'], target.podIP);
  if (port === undefined)
    return Promise.resolve({
      success: false,
      message: `unknown port ${JSON.stringify(action['port'])}`,
    });
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ success: true, message: '' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ success: false, message: `dial tcp ${host}:${port}: i/o timeout` });
    });
    socket.once('error', (error) => {
      resolve({ success: false, message: `dial tcp ${host}:${port}: ${error.message}` });
    });
  });
}

async function execProbe(
  action: JsonObject,
  target: ProbeTarget,
  timeoutMs: number,
): Promise<ProbeResult> {
  const command = readStrings(action['command']);
  if (command.length === 0) return { success: false, message: 'exec probe has no command' };
  const { exitCode, output } = await target.exec(command, timeoutMs);
  return exitCode === 0
    ? { success: true, message: '' }
    : {
        success: false,
        message: output.trim() || `command ${JSON.stringify(command)} exited with ${exitCode}`,
      };
}

/** Runs one attempt of a probe (exec, httpGet or tcpSocket; grpc is reported unsupported and passes). */
export async function runProbe(probe: JsonObject, target: ProbeTarget): Promise<ProbeResult> {
  const timeoutMs = readNumber(probe['timeoutSeconds'], 1) * 1000;
  if (probe['exec'] !== undefined) return execProbe(readObject(probe['exec']), target, timeoutMs);
  if (probe['httpGet'] !== undefined)
    return httpProbe(readObject(probe['httpGet']), target, timeoutMs);
  if (probe['tcpSocket'] !== undefined)
    return tcpProbe(readObject(probe['tcpSocket']), target, timeoutMs);
  return {
    success: true,
    message: 'grpc probes are not supported by this node; treated as passing',
  };
}

/** How a {@link ProbeLoop} is set up. */
export interface ProbeLoopOptions {
  readonly probe: JsonObject;
  readonly target: ProbeTarget;
  /** The result before the first verdict: liveness starts healthy, readiness and startup do not. */
  readonly initial: boolean;
  /** Called when the verdict changes (after successThreshold successes or failureThreshold failures). */
  readonly onChange: (healthy: boolean, message: string) => void;
}

/** Runs a probe every periodSeconds after initialDelaySeconds, applying the thresholds. */
export class ProbeLoop {
  readonly #options: ProbeLoopOptions;
  #healthy: boolean;
  #successes = 0;
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: ProbeLoopOptions) {
    this.#options = options;
    this.#healthy = options.initial;
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  start(): void {
    this.#schedule(readNumber(this.#options.probe['initialDelaySeconds'], 0) * 1000);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      void this.#attempt();
    }, ms);
    this.#timer.unref();
  }

  async #attempt(): Promise<void> {
    const { probe, target, onChange } = this.#options;
    const result = await runProbe(probe, target).catch((error: unknown) => ({
      success: false,
      message: String(error),
    }));
    if (this.#stopped) return;
    if (result.success) {
      this.#failures = 0;
      this.#successes += 1;
    } else {
      this.#successes = 0;
      this.#failures += 1;
    }
    const verdict = this.#verdict(result.success);
    if (verdict !== undefined && verdict !== this.#healthy) {
      this.#healthy = verdict;
      onChange(verdict, result.message);
    }
    this.#schedule(readNumber(probe['periodSeconds'], 10) * 1000);
  }

  #verdict(success: boolean): boolean | undefined {
    const { probe } = this.#options;
    if (success && this.#successes >= readNumber(probe['successThreshold'], 1)) return true;
    if (!success && this.#failures >= readNumber(probe['failureThreshold'], 3)) return false;
    return undefined;
  }
}

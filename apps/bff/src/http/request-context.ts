import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '@podvisor/kube';
import type { BffMetrics } from '../metrics/bff-metrics.ts';

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id and logger, set by {@link requestContext}. */
export interface RequestLocals {
  requestId: string;
  log: Logger;
}

/** The id and logger of a request that went through {@link requestContext}. */
export function requestLocals(res: Response): RequestLocals {
  return res.locals as RequestLocals;
}

/** The route label of a request: its first two path segments, so labels stay few. */
export function routeLabel(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  if (parts[0] === 'api' || parts[0] === 'auth') return `/${parts.slice(0, 2).join('/')}`;
  if (parts[0] === 'assets') return '/assets';
  if (parts[0] === 'metrics' || parts[0] === 'healthz' || parts[0] === 'readyz')
    return `/${parts[0]}`;
  return '/ (page)';
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is well-formed, else a new
 * UUID), echoes it in the response, gives it a child logger carrying the id, method and path
 * (never the query string: it may hold a login ticket), and logs and counts the response when it
 * ends.
 */
export function requestContext(logger: Logger, metrics: BffMetrics): RequestHandler {
  return (req: Request, res: Response, next) => {
    const given = req.header('x-request-id');
    const requestId = given !== undefined && requestIdPattern.test(given) ? given : randomUUID();
    const started = process.hrtime.bigint();
    const route = routeLabel(req.path);
    const log = logger.child({ requestId, method: req.method, path: req.path });
    Object.assign(res.locals, { requestId, log } satisfies RequestLocals);
    res.setHeader('X-Request-Id', requestId);
    res.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const code = String(res.statusCode);
      metrics.requests.inc({ method: req.method, route, code });
      metrics.requestSeconds.observe({ method: req.method, route }, seconds);
      const fields = { status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (res.statusCode >= 500) log.warn(fields, 'request failed');
      else log.debug(fields, 'request');
    });
    next();
  };
}

/** Like {@link routeLabel}, for a request path given as a raw URL. */
export function pathOf(url: string | undefined): string {
  return new URL(url ?? '/', 'http://bff.invalid').pathname;
}

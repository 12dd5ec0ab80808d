import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';

/**
 * The Content-Security-Policy of the SPA's page, enforced: scripts only with this response's nonce
 * (and what they load, `strict-dynamic`), everything else from this origin, no framing, no plugins,
 * no `<base>`. Styles allow inline attributes because PatternFly, xterm.js and noVNC set them.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

const placeholder = `<!doctype html>
<html lang="en"><head><meta charset="UTF-8"><title>Podvisor</title></head>
<body><p>The console is not built. Run <code>npm run build</code> and reload.</p></body></html>
`;

/** Adds `nonce` to every `<script>` and `<link>` tag of the page. */
export function withNonce(html: string, nonce: string): string {
  return html.replace(/<(script|link)\b/g, `<$1 nonce="${nonce}"`);
}

/**
 * Serves the built SPA from `dir`: hashed assets under `/assets/` cached for a year as immutable,
 * and `index.html` for every other path the router reaches (client-side routes), with a fresh
 * nonce and the enforced CSP on each response. Without a build it serves a page saying how to
 * build one.
 */
export function spaRouter(dir: string | undefined): Router {
  const router = express.Router();
  const indexFile = dir === undefined ? undefined : join(dir, 'index.html');
  // Read when it changes: a rebuild (npm run build) while the console runs renames the assets.
  let cached: { mtimeMs: number; page: string } | undefined;
  const page = (): string => {
    if (indexFile === undefined || !existsSync(indexFile)) return placeholder;
    const { mtimeMs } = statSync(indexFile);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, page: readFileSync(indexFile, 'utf8') };
    return cached.page;
  };
  if (dir !== undefined) {
    router.use(
      '/assets',
      express.static(join(dir, 'assets'), {
        index: false,
        fallthrough: false,
        // Set, not defaulted: every response starts as no-store (securityHeaders).
        setHeaders: (res) => {
          res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        },
      }),
    );
  }
  router.get(/.*/, servePage(page));
  return router;
}

function servePage(page: () => string): RequestHandler {
  return (_req, res) => {
    const nonce = randomBytes(18).toString('base64');
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    res.type('html').send(withNonce(page(), nonce));
  };
}

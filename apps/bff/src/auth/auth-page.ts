import type { Response } from 'express';

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * Answers a browser navigation (a sign-in link, the OIDC callback) with a short HTML page: a title,
 * what went wrong and what to do next. No scripts, no styles, nothing cached.
 */
export function sendAuthPage(
  res: Response,
  page: { readonly status: number; readonly title: string; readonly lines: readonly string[] },
): void {
  const body = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>Podvisor: ' + escapeHtml(page.title) + '</title></head>',
    '<body>',
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  res.status(page.status).type('html').send(body);
}

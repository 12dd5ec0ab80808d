/** The cookie the BFF sets for the page's scripts to echo on writes. */
export const csrfCookieName = 'podvisor-csrf';

/** The header every non-GET request under `/api` must carry. */
export const csrfHeaderName = 'X-CSRF-Token';

/** The session's CSRF token from `cookies` (default `document.cookie`); `''` when there is none. */
export function csrfToken(cookies: string = document.cookie): string {
  for (const pair of cookies.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== csrfCookieName) continue;
    const value = pair.slice(at + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return '';
}

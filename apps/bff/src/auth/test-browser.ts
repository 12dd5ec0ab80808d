import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One response a {@link TestBrowser} saw. */
export interface Visit {
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookies: readonly string[];
  readonly body: string;
}

/**
 * A tiny browser for tests: one cookie jar shared by every host (browsers do not isolate cookies
 * by port), manual redirects so each hop can be inspected. It ignores cookie paths and domains.
 */
export interface TestBrowser {
  readonly jar: Map<string, string>;
  /** One request; `Set-Cookie` answers update the jar. */
  visit(url: string, init?: RequestInit): Promise<Visit>;
  /**
   * GETs `url` and follows redirects; every hop, in order. With `stopBefore`, a redirect to a URL
   * starting with it is not followed (the last hop's `location` names it).
   */
  navigate(url: string, options?: { readonly stopBefore?: string }): Promise<readonly Visit[]>;
}

function remember(jar: Map<string, string>, setCookie: string): void {
  const [pair = '', ...attributes] = setCookie.split(';');
  const eq = pair.indexOf('=');
  const name = pair.slice(0, eq).trim();
  const expired = attributes.some((a) => a.trim().toLowerCase() === 'max-age=0');
  if (expired) jar.delete(name);
  else jar.set(name, pair.slice(eq + 1).trim());
}

/** A fresh browser with an empty cookie jar. */
export function createTestBrowser(): TestBrowser {
  const jar = new Map<string, string>();
  async function visit(url: string, init: RequestInit = {}): Promise<Visit> {
    const headers = new Headers(init.headers);
    if (jar.size > 0 && !headers.has('Cookie')) {
      headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    const setCookies = res.headers.getSetCookie();
    for (const cookie of setCookies) remember(jar, cookie);
    const location = res.headers.get('location');
    return {
      url,
      status: res.status,
      location: location === null ? undefined : new URL(location, url).href,
      setCookies,
      body: await res.text(),
    };
  }
  async function navigate(
    url: string,
    options: { readonly stopBefore?: string } = {},
  ): Promise<readonly Visit[]> {
    const hops: Visit[] = [];
    let next: string | undefined = url;
    while (next !== undefined && hops.length < 12) {
      if (options.stopBefore !== undefined && next.startsWith(options.stopBefore)) break;
      const hop = await visit(next);
      hops.push(hop);
      next = hop.status >= 300 && hop.status < 400 ? hop.location : undefined;
    }
    return hops;
  }
  return { jar, visit, navigate };
}

/** Starts `server` on a free loopback port; its base URL (`http://127.0.0.1:<port>`). */
export async function listenOnLoopback(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

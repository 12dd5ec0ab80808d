import { type Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

interface MeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** `GET /api/auth/me` from inside the page, with the page's cookies, as the console's code does. */
function askWhoAmI(page: Page): Promise<MeAnswer> {
  return page.evaluate(async () => {
    const response = await fetch('/api/auth/me');
    return { status: response.status, body: await response.json() };
  });
}

test.describe('signing in to the console with a one-time link', () => {
  test('following the link signs the browser in and lands on /', async ({
    signedInPage,
    podvisor,
  }) => {
    expect(signedInPage.url()).toBe(`${podvisor.consoleUrl}/`);
    const me = await askWhoAmI(signedInPage);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: expect.stringMatching(/\S/) });
  });

  test('a link that was already used is refused with a 401 page', async ({
    browser,
    page,
    podvisor,
  }) => {
    const link = await podvisor.signInLink();
    expect((await page.goto(link))?.status()).toBe(200);
    const other = await browser.newContext();
    try {
      const again = await other.newPage();
      const refused = await again.goto(link);
      expect(refused?.status()).toBe(401);
      expect(refused?.headers()['content-type']).toMatch(/^text\/html/);
      expect((await askWhoAmI(again)).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  test('a browser without the link is not signed in while another one is', async ({
    browser,
    signedInPage,
    podvisor,
  }) => {
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await stranger.goto(`${podvisor.consoleUrl}/`);
      expect((await askWhoAmI(stranger)).status).toBe(401);
      expect((await askWhoAmI(signedInPage)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

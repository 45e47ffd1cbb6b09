import { test, expect, Page, Response } from '@playwright/test';
import { citizenPages } from './helpers';

// The Content-Security-Policy (a nonce per page, no 'unsafe-inline') must
// not block anything the pages use: no violation on any citizen page in
// either language or on a kiosk, and every island still hydrates.

/** Records CSP violations in the page (the init script is injected by the
 * browser's devtools protocol, so the policy does not apply to it) and in
 * the console, where Chromium reports what it refused. */
async function watch(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

/** The watcher sees a real violation (a style without the nonce): without
 * this, a silent watcher would pass every test. */
async function provoke(page: Page, seen: string[]) {
  const before = seen.length;
  await page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'body { outline: 1px solid red; }';
    document.head.append(s);
  });
  await expect.poll(() => seen.length, { message: 'the CSP watcher reports a violation' }).toBe(before + 1);
  seen.splice(before, 1);
}

/** The page's policy carries this render's nonce: the one its hydration
 * scripts and styles were given, when it has any. Read from the raw headers
 * (`allHeaders`), which Chromium reports after the response is complete; the
 * message names what came back if not. */
async function expectNonce(page: Page, url: string, res: Response | null) {
  expect(res, url).not.toBeNull();
  const headers = await res!.allHeaders();
  const csp = headers['content-security-policy'] ?? '';
  const used = await page.evaluate(
    () => (document.querySelector('script[nonce], style[nonce]') as HTMLElement | null)?.nonce ?? '',
  );
  const what = `${url} → ${res!.status()} ${res!.url()} (${headers['content-type']})`;
  expect(csp, what).toContain(used ? `'nonce-${used}'` : "'nonce-");
}

test('no CSP violation on any citizen page in either language; the form enhancer and print button hydrate', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the same pages everywhere: checked on a phone with JS');
  test.setTimeout(240_000);
  const seen = await watch(page);
  await page.addInitScript(() => {
    (window as any).print = () => ((window as any).__printed = true);
  });
  const pages = await citizenPages(page);
  for (const lang of ['zh-CN', 'en']) {
    await page.goto(`/lang/${lang}?next=/`);
    for (const url of pages) {
      const res = await page.goto(url);
      await expectNonce(page, url, res);
      if (/\/drafts\/[^/]+\/(applicant|mz-sh-002)/.test(url)) {
        await expect(page.locator('[data-enhanced="true"]'), url).toBeAttached();
      }
      if (url.endsWith('/receipt')) {
        await page.locator('.print-button').click();
        await expect.poll(() => page.evaluate(() => (window as any).__printed === true), { message: url }).toBe(true);
      }
    }
  }
  expect(seen).toEqual([]);
  await provoke(page, seen);
});

test('no CSP violation on a kiosk; the keypad and idle guard hydrate', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'kiosk with JS');
  const seen = await watch(page);
  for (const lang of ['zh-CN', 'en']) {
    await page.goto('/kiosk?idle=3&warning=60');
    await page.goto(`/lang/${lang}?next=/`);
    await page.goto('/matters/GA-HJ-001/apply');
    await page.getByTestId('start').click();
    await expect(page.locator('[name="applicant_id"]')).toHaveAttribute('inputmode', 'none');
    await page.locator('[name="applicant_id"]').tap();
    await expect(page.locator('.keypad')).toBeVisible();
    await expect(page.locator('#idle-warning')).toBeVisible({ timeout: 10_000 });
    await page.locator('#idle-warning [data-action="continue"]').click();
  }
  expect(seen).toEqual([]);
  await provoke(page, seen);
});

import { Page, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// What several specs share.

/** A resident ID number with a correct check character. */
export const VALID_ID = '11010519491231002X';

export const jsOn = (project: string) => !project.endsWith('-nojs');

/** A screenshot to look at later. Chromium under load sometimes answers a
 * capture with "Unable to capture screenshot" (a protocol hiccup, not the
 * page): that one error is tried again, up to three times; any other
 * fails the test as before. */
export async function capture(page: Page, options: Parameters<Page['screenshot']>[0]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.screenshot(options);
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('Unable to capture screenshot')) throw e;
      await page.waitForTimeout(500);
    }
  }
}

/** A screenshot in e2e/screenshots, to look at as a person would. */
export async function shoot(page: Page, name: string, fullPage = true) {
  const dir = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await capture(page, { path: path.join(dir, `${name}.png`), fullPage });
}

/** Holds the WASM back, as a slow network would, until the returned
 * function is called (routing also keeps it out of the HTTP cache). */
export async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await arrived;
    await route.continue();
  });
  return release;
}

/** Every page a citizen can reach, with a draft, a failed step and a receipt. */
export async function citizenPages(page: Page): Promise<string[]> {
  const pages = [
    '/', '/?q=yyzz', '/?q=nothing-matches-this', '/matters', '/matters?audience=enterprise',
    '/lists/one-visit', '/lists/online', '/matters/GA-HJ-001', '/matters/MZ-SH-002',
    '/bundles/YJS-KCG', '/matters/GA-HJ-001/apply', '/bundles/YJS-KCG/apply',
    '/resume', '/resume?code=ABCD&problem=length', '/applications', '/applications?number=ABCD', '/my',
    '/no-such-page',
  ];
  // A draft: a step with every problem shown, then each later step.
  await page.goto('/matters/MZ-SH-002/apply');
  await page.getByTestId('start').click();
  const base = page.url().replace(/\/[^/]+$/, '');
  const form = page.locator('form.application-form');
  await form.locator('[name="applicant_id"]').fill('123');
  await form.locator('button[value="next"]').click();
  await expect(page.getByTestId('error-summary')).toBeVisible();
  pages.push(page.url());
  for (const step of ['mz-sh-002', 'materials', 'check', 'declaration', 'saved']) pages.push(`${base}/${step}`);
  // A submitted application: its receipt and progress pages.
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const draft = page.url().replace(/\/[^/]+$/, '');
  await form.locator('[name="applicant_name"]').fill('张三');
  await form.locator('[name="applicant_id"]').fill(VALID_ID);
  await form.locator('[name="applicant_mobile"]').fill('13812345678');
  await form.locator('button[value="next"]').click();
  await form.locator('[name="new_address"]').fill('四川省达州市通川区朝阳中路1号');
  await form.locator('button[value="next"]').click();
  await page.goto(`${draft}/declaration`);
  await page.locator('[name="declaration"]').check();
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/receipt$/);
  pages.push(page.url(), page.url().replace(/\/receipt$/, ''));
  return pages;
}

import { Browser, Page, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
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
    '/ratings', '/ratings/departments/GA', '/ratings/matters/GA-HJ-001', '/window',
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
  const number = await submitHousehold(page);
  pages.push(`/applications/${number}/receipt`, `/applications/${number}`);
  return pages;
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function audit(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, where).toEqual([]);
}

/** A staff desk (1366×768) in its own browser context, signed in. */
export const desk = { viewport: { width: 1366, height: 768 }, javaScriptEnabled: true, locale: 'zh-CN' };

export async function signIn(browser: Browser, name: string, options = desk): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto('/staff/sign-in');
  await page.getByLabel('账号').fill(name);
  await page.getByLabel('密码').fill('hall-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  return page;
}

/** A household transfer (公安, 户籍迁移) submitted from this page's
 * browser, with this mobile: its application number. */
export async function submitHousehold(page: Page, mobile = '13812345678'): Promise<string> {
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const draft = page.url().replace(/\/[^/]+$/, '');
  const form = page.locator('form.application-form');
  await form.locator('[name="applicant_name"]').fill('张三');
  await form.locator('[name="applicant_id"]').fill(VALID_ID);
  await form.locator('[name="applicant_mobile"]').fill(mobile);
  await form.locator('button[value="next"]').click();
  await form.locator('[name="new_address"]').fill('四川省达州市通川区朝阳中路1号');
  await form.locator('button[value="next"]').click();
  await page.goto(`${draft}/declaration`);
  await page.locator('[name="declaration"]').check();
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/receipt$/);
  return page.url().replace(/\/receipt$/, '').replace(/^.*\/applications\//, '');
}

/** This front desk accepts `number`: every material in order, originals
 * seen; the acceptance notice shows. */
export async function acceptAtFrontDesk(front: Page, number: string) {
  await front.goto(`/staff/applications/${number}`);
  const rows = front.locator('tr[data-material]');
  for (let i = 0; i < (await rows.count()); i++) {
    await rows.nth(i).getByLabel('齐全合格').check();
    const original = rows.nth(i).getByLabel('已核验原件');
    if (await original.count()) await original.check();
  }
  await front.getByLabel('受理', { exact: true }).check();
  await front.getByRole('button', { name: '提交决定' }).click();
  await expect(front.locator('main')).toContainText('受理通知书');
}

/** The front desk accepts `number` (every material in order) and the
 * police approve it: it waits at the issuing window. */
export async function acceptAndApprove(browser: Browser, number: string) {
  await acceptAtFrontDesk(await signIn(browser, 'desk.demo'), number);
  const ga = await signIn(browser, 'review.ga');
  await ga.locator('tr', { hasText: number.slice(0, 5) }).getByRole('link').click();
  await ga.getByLabel('同意', { exact: true }).check();
  await ga.getByRole('button', { name: '提交审查决定' }).click();
  await expect(ga.getByTestId('status')).toHaveText('审批通过，等待出件');
}

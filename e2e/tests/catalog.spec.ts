import { test, expect } from '@playwright/test';
import { capture } from './helpers';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Finding a matter: a kiosk user types pinyin initials, opens the guide,
// and sees what to bring and how long it takes. Works with JS on and off.

test('find the business licence by pinyin initials and read its guide', async ({ page }, info) => {
  await page.goto('/');
  await page.getByLabel('搜索事项').fill('yyzz');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(page).toHaveURL(/\/matters\?q=yyzz$/);
  const first = page.locator('.matter-list a').first();
  await expect(first).toContainText('企业设立登记（营业执照）');
  await first.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('企业设立登记（营业执照）');
  await expect(page.getByTestId('promised-days')).toContainText('承诺 3 个工作日办结');
  const materials = page.getByTestId('materials');
  await expect(materials.getByRole('rowheader', { name: /公司章程/ })).toBeVisible();
  await expect(materials.getByRole('rowheader', { name: /法定代表人身份证/ })).toBeVisible();
  await expect(materials).toContainText('可容缺后补');

  const dir = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await capture(page, { path: path.join(dir, `${info.project.name}-guide.png`), fullPage: true });
});

test('a life event shows one merged list and the longest chain of promises', async ({ page }, info) => {
  await page.goto('/');
  await page.getByRole('link', { name: /我要开餐馆/ }).click();
  await expect(page.getByTestId('bundle-promise')).toContainText('承诺 13 个工作日内全部办结');
  await expect(page.getByTestId('materials').getByRole('rowheader', { name: /经营场所使用证明/ })).toHaveCount(1);
  await capture(page, { path: path.join(__dirname, '..', 'screenshots', `${info.project.name}-bundle.png`), fullPage: true });
});

test('the two published lists are one tap from the start page', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /“全程网办”事项清单/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('“全程网办”事项清单');
  await expect(page.getByTestId('results-count')).toContainText('共');
  await expect(page.locator('.matter-list')).toContainText('社会保障卡申领');
});

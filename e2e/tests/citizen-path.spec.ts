import { test, expect } from '@playwright/test';
import { VALID_ID } from './helpers';

// What a new user stumbled on, found by accessible names, on
// every project (kiosk and phone, JS on and off).

test('"change" on the check page comes back to it after saving', async ({ page }) => {
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const form = page.locator('form.application-form');
  await form.locator('[name="applicant_name"]').fill('张三');
  await form.locator('[name="applicant_id"]').fill(VALID_ID);
  await form.locator('[name="applicant_mobile"]').fill('13812345678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await form.locator('[name="new_address"]').fill('四川省达州市通川区朝阳中路1号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  // Materials and check pages save nothing: "继续", not "保存并继续".
  await expect(page.getByRole('link', { name: '保存并继续' })).toHaveCount(0);
  await page.getByRole('link', { name: '继续', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('核对');

  await page.getByRole('link', { name: /修改.*申请人/ }).click();
  // The later steps already done stay reachable from the progress bar.
  await expect(page.getByRole('navigation').getByRole('link', { name: /核对/ })).toBeVisible();
  await form.locator('[name="applicant_name"]').fill('张四');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page).toHaveURL(/\/check$/);
  await expect(page.getByText('张四')).toBeVisible();
});

test('a saved application can be continued from the start page and from 查询办件', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /续办码/ }).click();
  await expect(page).toHaveURL(/\/resume$/);
  await page.goto('/applications');
  await expect(page.getByRole('link', { name: /续办码/ })).toBeVisible();
  // An empty lookup says what is missing.
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByText('请输入申请编号')).toBeVisible();
});

test('after a post with problems the title says "错误" and focus is on the summary', async ({ page }) => {
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  await page.locator('[name="applicant_id"]').fill('123');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page).toHaveTitle(/^错误：/);
  await expect(page.getByTestId('error-summary')).toBeFocused();
  // One "save for later" on a question step (the button), not two.
  await expect(page.getByText('保存，稍后继续')).toHaveCount(1);
});

test('on a kiosk, the saved page reminds the citizen to finish before leaving', async ({ page }, info) => {
  test.skip(!info.project.name.startsWith('kiosk'), 'kiosk only');
  await page.goto('/kiosk');
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  await page.getByTestId('save-for-later').click();
  await expect(page.getByTestId('kiosk-finish-reminder')).toContainText('结束办理');
});

test('English counts say "1 service", not "1 services"', async ({ page }) => {
  await page.goto('/lang/en?next=/');
  await page.goto('/matters?q=yyzz');
  await expect(page.locator('body')).not.toContainText(/\b1 services\b/);
  await expect(page.locator('body')).not.toContainText('1 paper copies');
});

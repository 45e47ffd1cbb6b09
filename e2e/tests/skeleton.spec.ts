import { test, expect, Page } from '@playwright/test';
import { VALID_ID, jsOn, shoot, holdWasm } from './helpers';

// The walking skeleton of the citizen path, in every project:
// home → guide → form → (errors) → submit → receipt with QR → lookup.

async function openForm(page: Page) {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('link', { name: /个人办事/ }).click();
  await page.getByRole('link', { name: /户口迁移（市内迁移）/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('户口迁移（市内迁移）');
  await expect(page.getByTestId('promised-days')).toContainText('承诺 5 个工作日办结');
  await page.getByRole('link', { name: '开始申请' }).first().click();
  await expect(page).toHaveURL(/\/matters\/GA-HJ-001\/apply$/);
}

test('a citizen applies and gets a receipt with a QR code', async ({ page }, info) => {
  const js = jsOn(info.project.name);
  await openForm(page);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('step-position')).toContainText('第 1 步，共 5 步');
  await expect(page.getByRole('navigation', { name: '填写进度' }).locator('[aria-current="step"]')).toHaveText('申请人信息');
  if (js) {
    // Islands hydrate when the browser is idle: wait for the mark.
    await expect(page.locator('.form-enhancer')).toHaveAttribute('data-enhanced', 'true');
  }

  // A wrong ID number and a wrong phone.
  await page.getByLabel('申请人姓名').fill('张三');
  await page.getByLabel('申请人身份证号').fill('110105194912310029');
  if (js) {
    // Checked in the browser (WASM) as soon as the field is left.
    await page.getByLabel('联系手机').focus();
    await expect(page.locator('#field-applicant_id-error')).toHaveText('身份证号校验位不正确，请逐位核对。');
    await expect(page.getByLabel('申请人身份证号')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('error-summary')).toHaveCount(0);
  }
  await page.getByLabel('联系手机').fill('12812345678');
  await page.getByRole('button', { name: '保存并继续' }).click();

  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('申请人身份证号: 身份证号校验位不正确');
  await expect(summary).toContainText('联系手机: 这不是有效的手机号码');
  // Nothing typed is lost.
  await expect(page.getByLabel('申请人姓名')).toHaveValue('张三');
  await expect(page.getByLabel('联系手机')).toHaveValue('12812345678');
  await shoot(page, `${info.project.name}-form-errors`);

  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('138 1234 5678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByLabel('迁入地址').fill('四川省达州市通川区朝阳中路1号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByTestId('continue').click(); // materials
  await expect(page.locator('main')).toContainText('四川省达州市通川区朝阳中路1号');
  await page.getByTestId('continue').click(); // check your answers
  await page.getByLabel('我已阅读并作出以上承诺').check();
  await page.getByTestId('submit').click();

  await expect(page).toHaveURL(/\/applications\/[2-9A-HJ-NP-Y]{10}\/receipt$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const number = (await page.getByTestId('application-number').textContent())!.trim();
  expect(number).toMatch(/^[2-9A-HJ-NP-Y]{5}-[2-9A-HJ-NP-Y]{5}$/);
  await expect(page.getByTestId('applicant')).toHaveText('张*');
  await expect(page.locator('.qr-image svg')).toBeVisible();
  await shoot(page, `${info.project.name}-receipt`);

  // Back to the draft: it was submitted, nothing of it is shown again.
  await page.goBack();
  await page.reload();
  await expect(page.locator('main')).not.toContainText('四川省达州市通川区朝阳中路1号');

  // Look it up the way a person would type it.
  await page.getByRole('link', { name: '查询办件' }).click();
  await page.getByLabel('申请编号').fill(number.toLowerCase().replace('-', ' '));
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.getByTestId('status')).toHaveText('已提交，等待窗口受理');
  await expect(page.getByTestId('application-number')).toHaveText(number);
});

test('what is typed before the page\'s script arrives is checked when it does', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'a slow phone network; JS on');
  await page.goto('/matters/GA-HJ-001/apply');
  const release = await holdWasm(page);
  await page.getByTestId('start').click();
  await page.getByLabel('申请人身份证号').fill('110105194912310029');
  await page.getByLabel('申请人姓名').fill('张');
  await expect(page.locator('.form-enhancer')).not.toHaveAttribute('data-enhanced', 'true');
  release();
  await expect(page.locator('.form-enhancer')).toHaveAttribute('data-enhanced', 'true');
  // The ID, typed and left, is flagged; the name, still being typed, is not.
  await expect(page.locator('#field-applicant_id-error')).toHaveText('身份证号校验位不正确，请逐位核对。');
  await expect(page.getByLabel('申请人身份证号')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('申请人姓名')).toBeFocused();
  await expect(page.getByLabel('申请人身份证号')).toHaveValue('110105194912310029');
});

test('bad input gets a clear message and keeps what was typed', async ({ page }, info) => {
  const res = await page.goto('/applications?number=ABCD');
  expect(res!.status()).toBe(422);
  await expect(page.getByRole('alert')).toHaveText('申请编号应为 10 位。');
  await expect(page.getByLabel('申请编号')).toHaveValue('ABCD');

  const missing = await page.goto('/matters/NO-SUCH-MATTER');
  expect(missing!.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('没有找到这个事项');
  await shoot(page, `${info.project.name}-not-found`);
});

test('the language can be switched on any page', async ({ page }) => {
  await page.goto('/matters/SCJG-XK-001');
  await page.getByRole('link', { name: 'Switch to English' }).click();
  await expect(page).toHaveURL(/\/matters\/SCJG-XK-001$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Company registration (business licence)');
  await expect(page.getByTestId('promised-days')).toContainText('Done within 3 working days');
  await page.getByRole('link', { name: 'Apply' }).first().click();
  await page.getByTestId('start').click();
  await page.getByRole('button', { name: 'Save and continue', exact: true }).click();
  await expect(page.getByTestId('error-summary')).toContainText('This field is required.');
});

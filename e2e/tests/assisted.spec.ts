import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit, shoot, signIn, VALID_ID } from './helpers';

// 帮你办: the front desk fills the form for a walk-in on the desk's screen;
// the applicant scans the desk's code with their phone, checks what was
// filled and confirms; the desk then opens the application to accept it.
// The other way — a printed declaration, signed — is printed as A4.

const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN' };

test('the desk fills an application for a walk-in and the phone confirms it', async ({ browser }, info) => {
  test.skip(info.project.name !== 'phone-js', 'runs once with its own devices');
  const front = await signIn(browser, 'desk.demo');
  await front.getByRole('link', { name: '帮你办' }).first().click();
  await expect(front.getByRole('heading', { level: 1 })).toHaveText('帮你办：代填申请');
  await audit(front, 'assisted filing desk');
  await front.getByTestId('assist-target').selectOption('matter:GA-HJ-001');
  await front.getByTestId('assist-start').click();
  await expect(front.getByTestId('assisted-banner')).toBeVisible();
  const form = front.locator('form.application-form');
  await form.locator('[name="applicant_name"]').fill('李四');
  await form.locator('[name="applicant_id"]').fill(VALID_ID);
  await form.locator('[name="applicant_mobile"]').fill('13812345678');
  await form.locator('button[value="next"]').click();
  await form.locator('[name="new_address"]').fill('四川省达州市通川区朝阳中路8号');
  await form.locator('button[value="next"]').click();
  await shoot(front, 'desk-assisted-form');
  const draft = front.url().replace(/\/[^/]+$/, '');
  await front.goto(`${draft}/declaration`);
  await front.getByTestId('assist-confirm').click();
  await expect(front.getByRole('heading', { level: 1 })).toHaveText('请申请人确认申请内容');
  const code = (await front.getByTestId('check-code').textContent())!.replace('核对码 ', '').trim();
  expect(code).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);

  // The A4 declaration, for the other way of confirming.
  const sheetUrl = await front.getByTestId('assist-print').getAttribute('href');
  const sheet = await front.context().newPage();
  await sheet.goto(sheetUrl!);
  await expect(sheet.getByTestId('declaration-sheet')).toContainText(code);
  await audit(sheet, 'assisted declaration sheet');
  await sheet.emulateMedia({ media: 'print' });
  await shoot(sheet, 'desk-assisted-declaration-print');
  const dir = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await sheet.pdf({ path: path.join(dir, 'assisted-declaration-a4.pdf'), format: 'A4', printBackground: true });
  await sheet.close();

  // The applicant's phone scans the desk's code.
  await front.getByTestId('assist-phone').click();
  await expect(front.getByTestId('confirm-qr')).toBeVisible();
  await audit(front, 'assisted confirmation panel');
  await shoot(front, 'desk-assisted-confirm');
  const link = (await front.getByTestId('confirm-url').textContent())!.trim();
  const mobile = await (await browser.newContext(phone)).newPage();
  await mobile.goto(new URL(link).pathname);
  await expect(mobile.getByTestId('check-code')).toContainText(code);
  await expect(mobile.locator('main')).toContainText('朝阳中路8号');
  // Confirming without the tick says so and submits nothing.
  await mobile.getByTestId('confirm-submit').click();
  await expect(mobile.locator('#confirm-error')).toHaveText('请勾选确认后再提交。');
  await audit(mobile, 'applicant confirms on the phone');
  await shoot(mobile, 'phone-assisted-confirm');
  await mobile.getByLabel('我已核对以上内容，确认真实、准确、完整，同意提交。').check();
  await mobile.getByTestId('confirm-submit').click();
  await expect(mobile.getByTestId('confirm-done')).toBeVisible();
  const number = (await mobile.getByTestId('confirm-done').textContent())!.match(/[0-9A-Z]{5}-?[0-9A-Z]{5}/)![0];
  await shoot(mobile, 'phone-assisted-confirmed');

  // The desk learns it on refresh and opens the file to accept it.
  await front.getByTestId('assist-refresh').click();
  await expect(front.getByTestId('assist-submitted')).toBeVisible();
  await front.getByRole('link', { name: '打开申请文件受理' }).click();
  await expect(front.getByTestId('assisted')).toHaveText('desk.demo 代填，申请人手机确认');
  expect(front.url()).toContain(number.replace('-', '').slice(0, 5));
  await shoot(front, 'desk-assisted-file');
});

import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VALID_ID, audit, capture, desk } from './helpers';

// 前台受理: a citizen submits the restaurant bundle on a phone; the front
// desk returns it with ONE notice of two problems; the citizen sees both on
// the application's page; the corrections come in at the window and the
// desk accepts with a deferred material under a credit commitment, then
// prints the notices (A4 PDF).
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, javaScriptEnabled: true, locale: 'zh-CN' };
const shots = path.resolve(__dirname, '../screenshots');

async function open(browser: Browser, options: object): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

async function submitRestaurant(page: Page): Promise<string> {
  await page.goto('/bundles/YJS-KCG/apply');
  await page.getByTestId('start').click();
  await page.getByLabel('企业名称').fill('达州市通川区老王餐饮有限公司');
  await page.getByLabel('法定代表人姓名').fill('王五');
  await page.getByLabel('申请人姓名').fill('王五');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13912345678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByLabel('经营场所').fill('达州市通川区西外大街8号');
  await page.getByLabel('注册资本（万元）').fill('50');
  await page.getByRole('button', { name: '保存并继续' }).click();
  // The food permit's own questions (optional): none apply.
  await expect(page).toHaveURL(/\/scjg-xk-004$/);
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByLabel('招牌内容').fill('老王川菜馆');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByTestId('continue').click();
  await page.getByTestId('continue').click();
  await page.getByLabel('我已阅读并作出以上承诺').check();
  await page.getByTestId('submit').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const shown = (await page.getByTestId('application-number').textContent())!.trim();
  return shown.replace('-', '');
}

/// Marks every material of the checklist in order (originals seen), then
/// applies `overrides`: material name → 'missing' | reason text.
async function check(page: Page, overrides: Record<string, string>) {
  const rows = page.locator('tr[data-material]');
  const n = await rows.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const name = (await row.locator('th').innerText()).trim();
    const override = Object.entries(overrides).find(([m]) => name.startsWith(m));
    if (!override) {
      await row.getByLabel('齐全合格').check();
      const original = row.getByLabel('已核验原件');
      if (await original.count()) await original.check();
    } else if (override[1] === 'missing') {
      await row.getByLabel('缺少').check();
    } else {
      await row.getByLabel('不符合要求', { exact: true }).check();
      await row.getByLabel('不符合要求的原因').fill(override[1]);
    }
  }
}

async function printPdf(page: Page, name: string): Promise<Buffer> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: path.join(shots, name), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  return pdf;
}

test.describe('front-desk acceptance', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name !== 'phone-js', 'runs once with its own devices'));

  test('return with a one-time notice, then accept with deficiency', async ({ browser }) => {
    fs.mkdirSync(shots, { recursive: true });
    const citizen = await open(browser, phone);
    const number = await submitRestaurant(citizen);

    const officer = await open(browser, desk);
    await officer.goto('/staff');
    await expect(officer).toHaveURL(/\/staff\/sign-in$/);
    await audit(officer, 'sign-in');
    await officer.getByLabel('账号').fill('desk.demo');
    await officer.getByLabel('密码').fill('hall-demo-2026');
    await officer.getByRole('button', { name: '登录' }).click();
    await expect(officer.getByRole('heading', { level: 1 })).toHaveText('待受理申请');
    const line = officer.locator('tr', { hasText: number.slice(0, 5) });
    await expect(line).toContainText('王*');
    await expect(officer.locator('main')).not.toContainText(VALID_ID);
    await capture(officer, { path: path.join(shots, 'desk-queue.png') });
    await audit(officer, 'queue');

    // Keyboard: the number in the queue is a link reached by Tab.
    await line.getByRole('link').focus();
    await officer.keyboard.press('Enter');
    await expect(officer.getByRole('heading', { level: 1 })).toContainText('受理审查');
    await expect(officer.locator('dl.answers')).toContainText(VALID_ID);

    // Two problems, one notice.
    await check(officer, { '公司章程': 'missing', '经营场所平面布局图': '未标明各功能区面积' });
    await officer.getByLabel('一次性告知补正').check();
    await audit(officer, 'application file');
    await capture(officer, { path: path.join(shots, 'desk-checklist.png'), fullPage: true });
    await officer.getByRole('button', { name: '提交决定' }).click();
    await expect(officer.getByTestId('notice')).toContainText('补正材料通知书');
    const items = officer.getByTestId('notice-items').locator('li');
    await expect(items).toHaveCount(2);
    await printPdf(officer, 'desk-correction-notice.pdf');
    await audit(officer, 'correction notice');

    // The citizen sees both on the application's page.
    await citizen.goto(`/applications/${number}`);
    await expect(citizen.locator('main')).toContainText('需要补正材料');
    const notice = citizen.getByTestId('notice-items');
    await expect(notice).toContainText('公司章程');
    await expect(notice).toContainText('未标明各功能区面积');
    await expect(citizen.locator('main')).not.toContainText('王五');
    await capture(citizen, { path: path.join(shots, 'phone-one-time-notice.png'), fullPage: true });
    await audit(citizen, 'citizen notice');

    // The corrections are handed in at the window; the checklist is
    // remembered; 容缺 for the equipment layout under a commitment.
    await officer.goto(`/staff/applications/${number}`);
    await officer.getByRole('button', { name: '补正材料已收齐，重新进入受理队列' }).click();
    await expect(officer.locator('tr', { hasText: '经营场所平面布局图' }).getByLabel('不符合要求的原因')).toHaveValue('未标明各功能区面积');
    const promised = (await officer.locator('.facts div', { hasText: '承诺办结日期' }).locator('dd').innerText()).trim();
    await check(officer, { '主要设备设施布局及操作流程': 'missing' });
    await officer.locator('tr', { hasText: '主要设备设施布局及操作流程' }).getByLabel('容缺补交日期').fill(promised);
    await officer.getByLabel(/^容缺受理/).check();
    await officer.getByLabel('申请人已在窗口签署信用承诺书').check();
    await officer.getByRole('button', { name: '提交决定' }).click();
    await expect(officer.locator('main')).toContainText('受理通知书');
    await expect(officer.locator('main')).toContainText('信用承诺书');
    await expect(officer.locator('main')).toContainText('主要设备设施布局及操作流程');
    await capture(officer, { path: path.join(shots, 'desk-acceptance-notice.png'), fullPage: true });
    const pdf = await printPdf(officer, 'desk-acceptance-notices.pdf');
    // Two documents, each on its own A4 page.
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(2);

    await audit(officer, 'acceptance notice');
    // The same desk in English.
    await officer.goto(`/lang/en?next=/staff/applications/${number}`);
    await expect(officer.getByRole('heading', { level: 1 })).toContainText('Acceptance review');
    await expect(officer.locator('main')).toContainText('Accept with materials to follow');
    await audit(officer, 'application file, English');

    await citizen.reload();
    await expect(citizen.locator('main')).toContainText('已容缺受理');
    await expect(citizen.locator('main')).toContainText('主要设备设施布局及操作流程');
  });
});

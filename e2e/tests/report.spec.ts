import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VALID_ID, acceptAndApprove, audit, desk, shoot, signIn, submitHousehold } from './helpers';

// 每月通报: a household move filed on a phone, accepted, approved, issued
// and posted is counted in this month's report; the supervisor reads it
// with JS on and off, follows a figure to the applications behind it,
// downloads a table as CSV and prints the report on A4.
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, javaScriptEnabled: true, locale: 'zh-CN' };
const shots = path.resolve(__dirname, '../screenshots');

async function readReport(boss: Page, number: string) {
  await boss.goto('/staff/supervision');
  await boss.getByTestId('monthly-report-link').click();
  await expect(boss.getByRole('heading', { level: 1 })).toContainText('每月通报');
  const finished = Number(await boss.getByTestId('hall-finished').textContent());
  expect(finished).toBeGreaterThanOrEqual(1);
  await expect(boss.getByTestId('hall-one-visit')).toContainText('%');
  // The charts are images with names; the table beside them has the figures.
  await expect(boss.getByTestId('one-visit-chart').getByRole('img', { name: /最多跑一次比例/ })).toBeVisible();
  await expect(boss.getByTestId('days-chart').locator('svg')).toBeVisible();
  const household = boss.getByTestId('matter-figures').filter({ hasText: '户口迁移' });
  await expect(household).toBeVisible();
  // A figure opens the list behind it.
  await household.getByRole('link').first().click();
  await expect(boss.getByRole('heading', { level: 1 })).toContainText('的办件');
  await expect(boss.getByTestId('finished-line').filter({ hasText: number.slice(0, 5) }).first()).toBeVisible();
}

test('the month\'s report counts a finished service, drills down, exports and prints', async ({ browser }, info) => {
  test.skip(info.project.name !== 'phone-js', 'runs once with its own devices');
  fs.mkdirSync(shots, { recursive: true });
  const citizen = await (await browser.newContext(phone)).newPage();
  const number = await submitHousehold(citizen);
  await acceptAndApprove(browser, number);

  // The citizen proves who they are and asks for the result by post.
  await citizen.goto(`/applications/${number}`);
  await citizen.getByLabel('证件号码最后 6 位').fill(VALID_ID.slice(-6));
  await citizen.getByRole('button', { name: '验证' }).click();
  await citizen.getByLabel('免费邮寄送达').check();
  await citizen.getByLabel('收件人', { exact: true }).fill('张三');
  await citizen.getByLabel('收件人手机号码').fill('13812345678');
  await citizen.getByLabel('邮寄地址').fill('四川省达州市通川区朝阳中路1号');
  await citizen.getByRole('button', { name: '保存领取方式' }).click();
  await expect(citizen.getByTestId('delivery-choice')).toContainText('邮寄');

  // Issued and posted.
  const window = await signIn(browser, 'issue.demo');
  await window.locator('tr', { hasText: number.slice(0, 5) }).getByRole('link').click();
  await window.getByRole('button', { name: '加盖电子印章并出证' }).click();
  await window.getByLabel('快递公司').fill('EMS');
  await window.getByLabel('运单号').fill('123456789012');
  await window.getByRole('button', { name: '登记寄出' }).click();
  await expect(window.locator('main')).toContainText('送达回证');

  // The supervisor, JS on: audited by axe, looked at, printed.
  const boss = await signIn(browser, 'super.demo');
  await readReport(boss, number);
  await audit(boss, 'finished list');
  await shoot(boss, 'desk-report-finished-list');
  await boss.getByRole('link', { name: '返回每月通报' }).click();
  await audit(boss, 'monthly report');
  await shoot(boss, 'desk-monthly-report');
  const [download] = await Promise.all([
    boss.waitForEvent('download'),
    boss.getByRole('link', { name: '各事项' }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\ufeff')).toBe(true);
  expect(csv).toContain('GA-HJ-001,');
  expect(csv).toContain('全厅合计');
  expect(csv).not.toContain(VALID_ID);
  await boss.emulateMedia({ media: 'print' });
  await boss.pdf({ path: path.join(shots, 'desk-monthly-report.pdf'), format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
  await shoot(boss, 'desk-monthly-report-print');
  await expect(boss.locator('.month-nav')).toBeHidden();

  // JS off: the same page, the same figures, the same drill-down.
  const plain = await signIn(browser, 'super.demo', { ...desk, javaScriptEnabled: false });
  await readReport(plain, number);
  await shoot(plain, 'desk-report-nojs');

  // 公安's head: lands on the supervision desk, which says whose it is; the
  // month holds 公安's matters and reviewers only, without the hall's 容缺.
  const head = await signIn(browser, 'head.ga');
  await expect(head).toHaveURL(/\/staff\/supervision$/);
  await expect(head.getByTestId('supervision-scope')).toHaveText('仅含本部门：公安局');
  await expect(head.locator('main')).not.toContainText('市场监督管理局');
  await audit(head, 'supervision, department head');
  await shoot(head, 'desk-supervision-head');
  await readReport(head, number);
  await head.getByRole('link', { name: '返回每月通报' }).click();
  await expect(head.getByTestId('report-scope')).toHaveText('仅含本部门：公安局');
  await expect(head.getByTestId('deferred-kept')).toHaveCount(0);
  await expect(head.locator('main')).not.toContainText('企业简易注销登记');
  await audit(head, 'monthly report, department head');
  await shoot(head, 'desk-monthly-report-head');
});

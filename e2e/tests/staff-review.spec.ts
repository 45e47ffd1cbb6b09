import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VALID_ID, acceptAtFrontDesk, audit, capture, signIn } from './helpers';

// 并联审批: a citizen applies for 二手房买卖一件事 on a phone; the front desk
// accepts; three departments review their parts in parallel, each seeing
// only its part; the title office asks for a correction, the others
// approve; the citizen sees ONE merged notice; after the correction the
// title office approves and the citizen's page shows each step.
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, javaScriptEnabled: true, locale: 'zh-CN' };
const shots = path.resolve(__dirname, '../screenshots');

async function submitHomePurchase(page: Page): Promise<string> {
  await page.goto('/bundles/YJS-ESF/apply');
  await page.getByTestId('start').click();
  await page.getByLabel('申请人姓名').fill('张三');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13812345678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByLabel('不动产坐落').fill('四川省达州市通川区西外街道5栋301');
  await page.getByLabel('不动产权证书号').fill('川(2024)达州市不动产权第0012345号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByLabel('迁入地址').fill('四川省达州市通川区朝阳中路1号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByTestId('continue').click();
  await page.getByTestId('continue').click();
  await page.getByLabel('我已阅读并作出以上承诺').check();
  await page.getByTestId('submit').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  return (await page.getByTestId('application-number').textContent())!.trim().replace('-', '');
}

async function openTask(page: Page, number: string) {
  await page.goto('/staff/reviews');
  await page.locator('tr', { hasText: number.slice(0, 5) }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('部门审查');
}

test.describe('parallel review', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name !== 'phone-js', 'runs once with its own devices'));

  test('three departments in parallel, one merged notice, then approved', async ({ browser }) => {
    fs.mkdirSync(shots, { recursive: true });
    const citizen = await (await browser.newContext(phone)).newPage();
    const number = await submitHomePurchase(citizen);

    // The front desk accepts with every material in order.
    const front = await signIn(browser, 'desk.demo');
    await acceptAtFrontDesk(front, number);

    // The title office: its part only (not the new household address).
    const zrzy = await signIn(browser, 'review.zrzy');
    await expect(zrzy.getByRole('heading', { level: 1 })).toHaveText('我的审批任务');
    await expect(zrzy.locator('tr', { hasText: number.slice(0, 5) })).toContainText('剩 5 个工作日');
    await capture(zrzy, { path: path.join(shots, 'desk-review-tasks.png') });
    await audit(zrzy, 'review tasks');
    await openTask(zrzy, number);
    await expect(zrzy.getByTestId('visible-answers')).toContainText('0012345号');
    await expect(zrzy.locator('main')).not.toContainText('朝阳中路');
    await zrzy.getByLabel('需要申请人补正').check();
    await zrzy.getByLabel('需补正的内容（每行一项）').fill('不动产权证书复印件不清晰，请重新提供');
    await audit(zrzy, 'review task');
    await capture(zrzy, { path: path.join(shots, 'desk-review-task.png'), fullPage: true });
    await zrzy.getByRole('button', { name: '提交审查决定' }).click();
    await expect(zrzy.getByTestId('task-status')).toHaveText('已提出补正要求');

    // The tax office and the police approve their parts, at the same time.
    const sw = await signIn(browser, 'review.sw');
    const ga = await signIn(browser, 'review.ga');
    await Promise.all([openTask(sw, number), openTask(ga, number)]);
    await expect(sw.locator('main')).not.toContainText('13812345678');
    await sw.getByLabel('同意', { exact: true }).check();
    await ga.getByLabel('同意', { exact: true }).check();
    await Promise.all([
      sw.getByRole('button', { name: '提交审查决定' }).click(),
      ga.getByRole('button', { name: '提交审查决定' }).click(),
    ]);
    await expect(sw.getByTestId('task-status')).toHaveText('同意');
    await expect(ga.getByTestId('task-status')).toHaveText('同意');

    // Every department has spoken: the desk sends one notice.
    await front.goto(`/staff/applications/${number}`);
    await front.getByRole('button', { name: '发出合并的一次性告知书' }).click();
    await expect(front.getByTestId('review-notice')).toContainText('不动产权证书复印件不清晰');
    // The desk prints it to hand over: one A4 page.
    await front.getByRole('link', { name: '查看并打印文书' }).click();
    await expect(front.getByTestId('notice')).toContainText('审查补正通知书');
    await expect(front.getByTestId('notice-items').locator('li')).toHaveCount(1);
    await front.emulateMedia({ media: 'print' });
    const pdf = await front.pdf({ path: path.join(shots, 'desk-review-notice.pdf'), format: 'A4', printBackground: true });
    await front.emulateMedia({ media: 'screen' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await audit(front, 'review notice');
    await front.goto(`/staff/applications/${number}`);

    await citizen.goto(`/applications/${number}`);
    await expect(citizen.getByTestId('review-notice')).toHaveCount(1);
    await expect(citizen.getByTestId('review-notice')).toContainText('不动产权证书复印件不清晰');
    await expect(citizen.locator('main')).not.toContainText(VALID_ID);
    await capture(citizen, { path: path.join(shots, 'phone-review-notice.png'), fullPage: true });
    await audit(citizen, 'citizen review notice');

    // The corrections come in; the title office reviews again.
    await front.getByRole('button', { name: '补正材料已收齐，恢复部门审查' }).click();
    await citizen.reload();
    const steps = citizen.getByTestId('review-status');
    await expect(steps).toHaveCount(3);
    await expect(citizen.locator('.review-steps li', { hasText: '不动产转移登记审核' })).toContainText('剩 5 个工作日');
    await expect(citizen.locator('.review-steps li', { hasText: '存量房交易税费核定' })).toContainText('同意');
    await capture(citizen, { path: path.join(shots, 'phone-review-progress.png'), fullPage: true });

    await openTask(zrzy, number);
    await zrzy.getByLabel('同意', { exact: true }).check();
    await zrzy.getByRole('button', { name: '提交审查决定' }).click();
    await expect(zrzy.getByTestId('status')).toHaveText('审批通过，等待出件');

    await citizen.reload();
    await expect(citizen.locator('main')).toContainText('审批通过，等待出件');
    await expect(citizen.getByTestId('review-notice')).toHaveCount(0);

    // The supervisor's console in English.
    const supervisor = await signIn(browser, 'super.demo');
    await supervisor.goto('/lang/en?next=/staff/reviews');
    await expect(supervisor.getByRole('heading', { level: 1 })).toHaveText('All review tasks (supervision)');
    await audit(supervisor, 'supervisor review tasks, English');
  });
});

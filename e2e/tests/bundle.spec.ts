import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VALID_ID, capture } from './helpers';

// 只填一表, 一次提交: a life event of three matters, answered step by step,
// started on one device and finished on the other with the resume code.
const kiosk = { viewport: { width: 1080, height: 1920 }, hasTouch: true, javaScriptEnabled: false, locale: 'zh-CN' };
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, javaScriptEnabled: true, locale: 'zh-CN' };
const shots = path.resolve(__dirname, '../screenshots');

async function device(browser: Browser, options: object): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}

async function startRestaurant(page: Page) {
  await page.goto('/bundles/YJS-KCG');
  await page.getByRole('link', { name: '一次申请全部事项' }).click();
  await expect(page).toHaveURL(/\/bundles\/YJS-KCG\/apply$/);
  await page.getByTestId('start').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}\/applicant$/);
}

async function answerApplicant(page: Page) {
  // Asked once although three matters need them.
  await expect(page.getByLabel('申请人姓名')).toHaveCount(1);
  await expect(page.getByLabel('企业名称')).toHaveCount(1);
  await page.getByLabel('企业名称').fill('达州市通川区老王餐饮有限公司');
  await page.getByLabel('法定代表人姓名').fill('王五');
  await page.getByLabel('申请人姓名').fill('王五');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13912345678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page).toHaveURL(/\/scjg-xk-001$/);
}

async function resumeCode(page: Page): Promise<string> {
  const code = (await page.getByTestId('resume-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Y]{4}-[2-9A-HJ-NP-Y]{4}$/);
  return code;
}

async function finishAndPrint(page: Page, name: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('准备材料');
  // 联办: no licence copy is asked for; the application issues the licence.
  await expect(page.getByTestId('slots')).toContainText('经营场所使用证明');
  await expect(page.getByTestId('slots').getByRole('heading', { name: /^营业执照/ })).toHaveCount(0);
  await page.getByTestId('continue').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('核对信息');
  await expect(page.locator('main')).toContainText('老王川菜馆');
  await expect(page.locator('main')).toContainText(VALID_ID);
  await page.getByTestId('continue').click();
  // Submitting without the declaration is refused with a message.
  await page.getByTestId('submit').click();
  await expect(page.getByRole('alert')).toContainText('请勾选承诺后再提交');
  await page.getByLabel('我已阅读并作出以上承诺').check();
  await page.getByTestId('submit').click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const card = page.locator('.application-card');
  for (const matter of ['企业设立登记（营业执照）', '食品经营许可证核发', '户外招牌设置审批']) {
    await expect(card).toContainText(matter);
  }
  await expect(page.getByTestId('applicant')).toHaveText('王*');
  await expect(card).not.toContainText(VALID_ID);
  // The receipt printed: A4 PDF with the number and the QR.
  fs.mkdirSync(shots, { recursive: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: path.join(shots, `${name}-receipt.pdf`), format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5_000);
  await page.emulateMedia({ media: 'screen' });
  await capture(page, { path: path.join(shots, `${name}-receipt.png`), fullPage: true });
}

test.describe('one form across devices', () => {
  // Two devices per test: run once, not once per project.
  test.beforeEach(({}, info) => test.skip(info.project.name !== 'kiosk-js', 'runs once with its own devices'));

  test('started on a phone (JS on), finished at a kiosk (JS off)', async ({ browser }) => {
    const onPhone = await device(browser, phone);
    await startRestaurant(onPhone);
    // Inline check while typing, before anything is posted (once the
    // island has hydrated; typing earlier is covered in skeleton.spec).
    await expect(onPhone.locator('.form-enhancer')).toHaveAttribute('data-enhanced', 'true');
    const id = onPhone.getByLabel('申请人身份证号');
    await id.fill('110105194912310021');
    await onPhone.getByLabel('联系手机').focus();
    await expect(onPhone.locator('#field-applicant_id-error')).toHaveText('身份证号校验位不正确，请逐位核对。');
    await expect(id).toHaveAttribute('aria-invalid', 'true');
    await id.fill(VALID_ID);
    await expect(onPhone.locator('#field-applicant_id-error')).toHaveCount(0);
    await answerApplicant(onPhone);
    await onPhone.getByLabel('经营场所').fill('达州市通川区西外大街8号');
    await onPhone.getByLabel('注册资本（万元）').fill('50');
    await capture(onPhone, { path: path.join(shots, 'phone-wizard-step.png'), fullPage: true });
    await onPhone.getByTestId('save-for-later').click();
    await expect(onPhone.getByRole('heading', { level: 1 })).toHaveText('已保存，可稍后继续');
    const code = (await onPhone.getByTestId('saved-resume-code').textContent())!.trim();
    await expect(onPhone.locator('.qr-image svg')).toBeVisible();

    const atKiosk = await device(browser, kiosk);
    await atKiosk.goto('/resume');
    await expect(atKiosk.getByRole('heading', { name: '继续填写已保存的申请' })).toHaveCount(1);
    await atKiosk.getByLabel('续办码').fill(code.toLowerCase());
    await atKiosk.getByRole('button', { name: '继续填写' }).click();
    // Opens at the first step not yet saved, with the phone's answers kept:
    // the food permit's own questions (they decide the materials), which
    // the phone never showed — not the signboard after them. Only the two
    // steps saved without problems say "done".
    await expect(atKiosk).toHaveURL(/\/scjg-xk-004$/);
    await expect(atKiosk.locator('li.done')).toHaveCount(2);
    await atKiosk.getByRole('button', { name: '保存并继续' }).click();
    await expect(atKiosk).toHaveURL(/\/cg-xk-001$/);
    await atKiosk.getByLabel('招牌内容').fill('老王川菜馆');
    await atKiosk.getByRole('button', { name: '保存并继续' }).click();
    await finishAndPrint(atKiosk, 'kiosk');
  });

  test('started at a kiosk (JS off), finished on a phone (JS on)', async ({ browser }) => {
    const atKiosk = await device(browser, kiosk);
    await startRestaurant(atKiosk);
    // Without JS the server reports every problem after the post, values kept.
    await atKiosk.getByLabel('申请人身份证号').fill('110105194912310021');
    await atKiosk.getByRole('button', { name: '保存并继续' }).click();
    await expect(atKiosk.getByTestId('error-summary')).toContainText('身份证号校验位不正确');
    await expect(atKiosk.getByLabel('申请人身份证号')).toHaveValue('110105194912310021');
    await answerApplicant(atKiosk);
    const code = await resumeCode(atKiosk);
    await capture(atKiosk, { path: path.join(shots, 'kiosk-wizard-step.png'), fullPage: true });

    const onPhone = await device(browser, phone);
    await onPhone.goto(`/resume/${code.replace('-', '')}`);
    await expect(onPhone).toHaveURL(/\/scjg-xk-001$/);
    await onPhone.getByLabel('经营场所').fill('达州市通川区西外大街8号');
    await onPhone.getByLabel('注册资本（万元）').fill('50');
    await onPhone.getByRole('button', { name: '保存并继续' }).click();
    // The food permit's own (optional) questions: none apply here.
    await expect(onPhone).toHaveURL(/\/scjg-xk-004$/);
    await onPhone.getByRole('button', { name: '保存并继续' }).click();
    await onPhone.getByLabel('招牌内容').fill('老王川菜馆');
    await onPhone.getByRole('button', { name: '保存并继续' }).click();
    await finishAndPrint(onPhone, 'phone');
  });
});

test('a conditional question appears only when it applies', async ({ page }) => {
  await page.goto('/matters/MZ-SH-002/apply');
  await page.getByTestId('start').click();
  await page.getByLabel('申请人姓名').fill('张三');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13812345678');
  await page.getByLabel('联系地址').fill('达州市通川区朝阳中路1号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  // Shown and hidden by CSS, so the same with JS off.
  const spouse = page.getByLabel('配偶姓名');
  await expect(spouse).toBeHidden();
  await page.getByLabel('已婚').check();
  await expect(spouse).toBeVisible();
  await expect(page.locator('main')).toContainText('仅当“婚姻状况”为“已婚”时填写');
  await page.getByLabel('未婚').check();
  await expect(spouse).toBeHidden();
  // Once it applies it is required, and the server keeps it shown.
  await page.getByLabel('已婚').check();
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('配偶姓名');
  await expect(page.getByLabel('已婚')).toBeChecked();
  await expect(spouse).toBeVisible();
  await spouse.fill('李四');
  await page.getByLabel('未婚').check();
  await expect(spouse).toBeHidden();
});

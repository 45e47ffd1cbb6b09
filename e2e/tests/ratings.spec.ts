import { test, expect } from '@playwright/test';
import { acceptAtFrontDesk, audit, desk, jsOn, shoot, signIn, submitHousehold } from './helpers';

// 好差评: a phone submits, rates the filing badly on its receipt; the
// police's reviewer calls back and records what was fixed; the phone
// reads the answer and rates again; the supervisor closes the follow-up;
// the public figures show the department. With JS and without.

test('a bad rating is followed up, answered and rated again', async ({ page, browser }, info) => {
  test.skip(!info.project.name.startsWith('phone'), 'a phone, with JS and without');
  // axe runs as a script in the page: audited where the page runs them.
  const js = jsOn(info.project.name);
  const number = await submitHousehold(page, '13812345678');
  const form = page.getByTestId('rating-form-submission');
  await expect(form).toBeVisible();
  await expect(form.getByRole('group', { name: /整体满意度/ })).toBeVisible();
  // What went wrong is asked once the level is bad (a style rule, so the
  // same with JS off).
  const problems = form.getByRole('group', { name: /哪里不满意/ });
  await expect(problems).toBeHidden();
  await form.getByRole('group', { name: /整体满意度/ }).getByLabel('不满意', { exact: true }).check();
  await expect(problems).toBeVisible();
  await form.getByRole('group', { name: '办事指南精确度' }).getByLabel('非常不满意').check();
  await form.getByLabel(/意见和建议/).fill('指南写的材料和窗口要的不一样');
  if (js) await audit(page, 'receipt with the rating form');
  await shoot(page, `${info.project.name}-rating-form`);

  // Sent without saying what went wrong: said so, nothing lost.
  await form.getByRole('button', { name: '提交评价' }).click();
  const refused = page.getByTestId('rating-form-submission');
  await expect(refused.getByTestId('rating-errors')).toContainText('请选择哪里不满意');
  await expect(refused.getByLabel(/意见和建议/)).toHaveValue('指南写的材料和窗口要的不一样');
  await expect(refused.getByRole('group', { name: /整体满意度/ }).getByLabel('不满意', { exact: true })).toBeChecked();
  await refused.getByLabel('办事指南不准确或不一致').check();
  await refused.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rated')).toHaveText('谢谢您的评价。');
  await expect(page.getByTestId('given-rating')).toContainText('不满意');
  await expect(page.getByTestId('follow-up-reply')).toContainText('公安局 正在处理');

  // The police's reviewer answers at the desk.
  const ga = await signIn(browser, 'review.ga');
  await ga.getByRole('link', { name: '差评回访' }).click();
  await ga.locator('tr', { hasText: number.slice(0, 5) }).getByRole('link').click();
  await expect(ga.getByRole('heading', { level: 1 })).toContainText('差评回访');
  await expect(ga.getByTestId('follow-up-rating')).toContainText('指南写的材料和窗口要的不一样');
  await ga.getByLabel('回访情况').fill('已电话联系申请人，核实指南第二项材料说明有误。');
  // Both parts are required: the browser holds the form back (the server
  // refuses it too, with what was typed kept: the HTTP tests).
  await ga.getByRole('button', { name: '提交答复' }).click();
  expect(await ga.getByLabel('整改措施').evaluate((e) => (e as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
  await expect(ga.getByTestId('follow-up-answer')).toHaveCount(0);
  await expect(ga.getByLabel('回访情况')).toHaveValue('已电话联系申请人，核实指南第二项材料说明有误。');
  await ga.getByLabel('整改措施').fill('已更正户籍迁移指南的材料清单。');
  await audit(ga, 'follow-up file');
  await ga.getByRole('button', { name: '提交答复' }).click();
  await expect(ga.getByTestId('follow-up-answer')).toContainText('已更正户籍迁移指南的材料清单');
  await shoot(ga, `desk-follow-up-${info.project.name}`);

  // The phone reads the answer and rates once more.
  await page.goto(`/applications/${number}`);
  await expect(page.getByTestId('follow-up-reply')).toContainText('已更正户籍迁移指南的材料清单');
  const again = page.getByTestId('rating-form-submission');
  await expect(again).toContainText('看过答复后再评价一次');
  await again.getByRole('group', { name: /整体满意度/ }).getByLabel('满意', { exact: true }).check();
  await again.getByRole('button', { name: '提交评价' }).click();
  await expect(page.getByTestId('rated')).toBeVisible();
  await expect(page.getByTestId('given-rating')).toHaveCount(2);
  await expect(page.getByTestId('rating-form-submission')).toHaveCount(0);

  // The supervisor closes it (JS as the project has it).
  const boss = await signIn(browser, 'super.demo', { ...desk, javaScriptEnabled: jsOn(info.project.name) });
  await boss.goto(`/staff/follow-ups/${number}/submission`);
  await boss.getByRole('button', { name: '确认办结' }).click();
  await expect(boss.getByRole('heading', { level: 1 })).toHaveText('差评回访');
  if (js) await audit(boss, 'follow-up list');
  await shoot(boss, `desk-follow-ups-${info.project.name}`);

  // 电子监察: the supervisor's desk of open work against its limits.
  await boss.getByRole('link', { name: '电子监察' }).click();
  await expect(boss.getByRole('heading', { level: 1 })).toHaveText('电子监察');
  await expect(boss.getByTestId('supervision-summary')).toBeVisible();
  await expect(boss.getByTestId('department-watch').first()).toBeVisible();
  if (js) await audit(boss, 'supervision desk');
  await shoot(boss, `desk-supervision-${info.project.name}`);

  // Published, per department and per matter.
  await page.goto('/ratings');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('好差评公示');
  if (js) await audit(page, 'public ratings');
  await page.getByRole('link', { name: '公安局' }).first().click();
  await expect(page.getByTestId('satisfied-rate')).toHaveText(/%$/);
  if (js) await audit(page, 'a department\'s ratings');
  await shoot(page, `${info.project.name}-ratings-department`);
  if (jsOn(info.project.name)) {
    const wide = await (await browser.newContext(desk)).newPage();
    await wide.goto('/ratings');
    await shoot(wide, 'desk-ratings-public');
  }
});

// 评价器: a kiosk submission; the front desk pairs a tablet as its
// window's rating screen; the desk accepts; the screen, reloading itself,
// offers that application and the person at the window rates it.
test('the window screen rates what its desk just accepted', async ({ page, browser }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'a kiosk submission, once');
  const number = await submitHousehold(page, '13812345678');

  const front = await signIn(browser, 'desk.demo');
  await front.getByRole('link', { name: '评价器' }).click();
  await front.getByRole('button', { name: '生成配对码' }).click();
  const code = (await front.getByTestId('pairing-code').textContent())!.replace(/\D/g, '');
  expect(code).toHaveLength(8);
  await audit(front, 'desk rating-screen panel');
  await shoot(front, 'desk-window-screen-panel');

  const tablet = await (await browser.newContext({ viewport: { width: 800, height: 1280 }, hasTouch: true, locale: 'zh-CN' })).newPage();
  await tablet.goto('/window');
  await audit(tablet, 'rating screen: pairing');
  await tablet.getByLabel('8 位配对码').fill(code);
  await tablet.getByRole('button', { name: '配对' }).click();
  await expect(tablet.getByTestId('screen-waiting')).toBeVisible();
  await front.reload();
  await expect(front.getByTestId('screen-paired')).toBeVisible();

  // The desk accepts the kiosk's application.
  await acceptAtFrontDesk(front, number);

  // The screen reloads itself and offers it: masked, window indicators.
  const form = tablet.getByTestId('rating-form-acceptance');
  await expect(form).toBeVisible({ timeout: 15_000 });
  await expect(tablet.getByTestId('screen-application')).toContainText('张*');
  await expect(tablet.locator('main')).not.toContainText('张三');
  await audit(tablet, 'rating screen: the form');
  await shoot(tablet, 'tablet-window-rating');
  await form.getByRole('group', { name: /整体满意度/ }).getByLabel('非常满意').check();
  await form.getByRole('group', { name: '服务态度' }).getByLabel('非常满意').check();
  await form.getByRole('button', { name: '提交评价' }).click();
  await expect(tablet.getByTestId('screen-thanks')).toBeVisible();
  await expect(tablet.getByTestId('screen-waiting')).toBeVisible();

  // The applicant's own page lists it.
  await page.goto(`/applications/${number}`);
  await expect(page.getByTestId('given-rating').filter({ hasText: '窗口受理' })).toContainText('非常满意');
});

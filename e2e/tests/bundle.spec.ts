import { test, expect } from '@playwright/test';

// 只填一表: a life event of three matters, filled once, one number.
const VALID_ID = '11010519491231002X';

test('open a restaurant with one form and one submission', async ({ page }, info) => {
  await page.goto('/bundles/YJS-KCG');
  await page.getByRole('link', { name: '一次申请全部事项' }).click();
  await expect(page).toHaveURL(/\/bundles\/YJS-KCG\/apply$/);
  if (!info.project.name.endsWith('-nojs')) {
    await expect(page.locator('form.application-form')).toHaveAttribute('data-hydrated', 'true');
  }
  // Asked once although three matters need them.
  await expect(page.getByLabel('申请人姓名')).toHaveCount(1);
  await expect(page.getByLabel('企业名称')).toHaveCount(1);

  await page.getByLabel('企业名称').fill('达州市通川区老王餐饮有限公司');
  await page.getByLabel('法定代表人姓名').fill('王五');
  await page.getByLabel('申请人姓名').fill('王五');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13912345678');
  await page.getByLabel('经营场所').fill('达州市通川区西外大街8号');
  await page.getByLabel('注册资本（万元）').fill('50');
  await page.getByLabel('统一社会信用代码').fill('91350100M000100Y43');
  await page.getByLabel('招牌内容').fill('老王川菜馆');
  await page.getByRole('button', { name: '提交申请' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('申请已提交');
  const card = page.locator('.application-card');
  for (const name of ['企业设立登记（营业执照）', '食品经营许可证核发', '户外招牌设置审批']) {
    await expect(card).toContainText(name);
  }
  await expect(page.getByTestId('applicant')).toHaveText('王*');
});

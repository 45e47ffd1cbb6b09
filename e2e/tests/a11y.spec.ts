import { test, expect, Page } from '@playwright/test';
import { audit, citizenPages } from './helpers';

// axe-core on every citizen page, in both languages and both text sizes
// (and on a kiosk, with its keypad and idle warning): no serious or
// critical violation.


type Setting = { lang: 'zh-CN' | 'en'; large: boolean };
const settings: Setting[] = [
  { lang: 'zh-CN', large: false },
  { lang: 'zh-CN', large: true },
  { lang: 'en', large: false },
  { lang: 'en', large: true },
];

async function use(page: Page, s: Setting) {
  await page.goto(`/lang/${s.lang}?next=/`);
  await page.goto(`/text/${s.large ? 'large' : 'standard'}?next=/`);
}

test('every citizen page, both languages, both text sizes: no serious or critical axe violation', async ({ page }, info) => {
  // axe runs as a script in the page, so not in the JS-off projects; the
  // server sends them the same markup.
  test.skip(info.project.name !== 'phone-js', 'the same markup everywhere: audited on a phone');
  test.setTimeout(300_000);
  const pages = await citizenPages(page);
  for (const s of settings) {
    await use(page, s);
    for (const url of pages) {
      await page.goto(url);
      await audit(page, `${url} ${s.lang}${s.large ? ' large' : ''}`);
    }
  }
});

test('kiosk pages with the keypad open and the idle warning up: no serious or critical axe violation', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'kiosk with JS');
  for (const s of settings) {
    await page.goto('/kiosk?idle=6&warning=60');
    await use(page, s);
    await audit(page, `kiosk start ${s.lang}`);
    await page.goto('/matters/GA-HJ-001/apply');
    await page.getByTestId('start').click();
    await expect(page.locator('[name="applicant_id"]')).toHaveAttribute('inputmode', 'none');
    await page.locator('[name="applicant_id"]').tap();
    await expect(page.locator('.keypad')).toBeVisible();
    await audit(page, `keypad ${s.lang}${s.large ? ' large' : ''}`);
    // 6 s of idle, but axe's audit above holds the page's main thread (and
    // its timers) for seconds when both cores are busy: a generous wait.
    await expect(page.locator('#idle-warning')).toBeVisible({ timeout: 25_000 });
    await audit(page, `idle warning ${s.lang}${s.large ? ' large' : ''}`);
    await page.locator('#idle-warning [data-action="continue"]').click();
  }
});

test('names a screen reader hears once, for one thing each', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the same markup everywhere: checked on a phone');
  const pages = await citizenPages(page);
  const receipt = pages.find((u) => u.endsWith('/receipt'))!;
  const number = receipt.split('/applications/')[1].replace('/receipt', '');
  // 查询办件 with a result: the box and the result card have different names.
  await page.goto(`/applications?number=${number}`);
  await expect(page.getByRole('textbox', { name: '申请编号' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: '申请编号' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: '办件信息' })).toHaveCount(1);
  // The QR is not an image with a name repeating its caption.
  await expect(page.getByRole('img')).toHaveCount(0);
  await expect(page.getByText('扫码查询办理进度')).toHaveCount(1);
  // The guide's materials: one region of that name, the table's has its own.
  await page.goto('/matters/GA-HJ-001');
  await expect(page.getByRole('region', { name: '申请材料', exact: true })).toHaveCount(1);
  await expect(page.getByRole('region', { name: /材料清单/ })).toHaveCount(1);
});

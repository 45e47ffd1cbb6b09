import { test, expect, Page } from '@playwright/test';
import { VALID_ID, jsOn, shoot as shootPage, holdWasm } from './helpers';

// Kiosk mode and inclusive use: idle wipe, large text, on-screen keypad,
// touch targets, printing.

const kioskProject = (name: string) => name.startsWith('kiosk');
// Overlays (keypad, dialog) are shot as the screen shows them.
const shoot = (page: Page, name: string) => shootPage(page, name, false);

/** Starts the household-transfer application and saves the applicant step. */
async function startAndSaveApplicant(page: Page) {
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  await page.getByLabel('申请人姓名').fill('王小明');
  await page.getByLabel('申请人身份证号').fill(VALID_ID);
  await page.getByLabel('联系手机').fill('13812345678');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByLabel('迁入地址')).toBeVisible();
}

test.describe('idle wipe', () => {
  test.beforeEach(({}, info) => {
    test.skip(info.project.name !== 'kiosk-js', 'a kiosk terminal runs with JS');
  });

  test('a citizen who walks away is forgotten: storage, screen and history', async ({ page }) => {
    await page.goto('/kiosk?idle=6&warning=3');
    await expect(page.locator('html')).toHaveClass(/kiosk/);
    await startAndSaveApplicant(page);
    const draftUrl = page.url();
    await page.getByLabel('迁入地址').fill('四川省达州市通川区朝阳中路1号');
    // Whatever a page might have put in the browser's storage.
    await page.evaluate(async () => {
      localStorage.setItem('left-behind', 'x');
      sessionStorage.setItem('left-behind', 'x');
      await new Promise<void>((resolve) => {
        const req = indexedDB.open('left-behind');
        req.onsuccess = () => { req.result.close(); resolve(); };
        req.onerror = () => resolve();
      });
    });

    // The warning with its countdown, then the start screen.
    const warning = page.getByRole('dialog', { name: '您还在吗？' });
    await expect(warning).toBeVisible({ timeout: 10_000 });
    await expect(warning.locator('[data-countdown]')).toHaveText(/^[1-3]$/);
    await shoot(page, 'kiosk-idle-warning');
    await expect(page).toHaveURL(/\/$/, { timeout: 10_000 });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('您要办什么事？');

    const left = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      idb: (await indexedDB.databases()).length,
    }));
    expect(left).toEqual({ local: 0, session: 0, idb: 0 });
    // Still a kiosk, now for the next citizen.
    await expect(page.locator('html')).toHaveClass(/kiosk/);

    // "Back" into the previous citizen's form shows none of it.
    await page.goBack();
    await expect(page).toHaveURL(draftUrl);
    await expect(page.locator('main')).toContainText('请用续办码继续');
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('王小明');
    expect(text).not.toContain(VALID_ID);
    expect(await page.locator('input[value="王小明"]').count()).toBe(0);
  });

  test('"continue" keeps the citizen\'s work', async ({ page }) => {
    await page.goto('/kiosk?idle=5&warning=20');
    await startAndSaveApplicant(page);
    const warning = page.getByRole('dialog', { name: '您还在吗？' });
    await expect(warning).toBeVisible({ timeout: 10_000 });
    await warning.getByRole('button', { name: '继续办理' }).click();
    await expect(warning).toBeHidden();
    await page.getByRole('button', { name: '上一步' }).click();
    await expect(page.getByLabel('申请人姓名')).toHaveValue('王小明');
  });

  test('"finish" ends the visit at once', async ({ page }) => {
    await page.goto('/kiosk');
    await startAndSaveApplicant(page);
    await page.locator('header').getByRole('button', { name: '结束办理' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goBack();
    expect(await page.locator('body').innerText()).not.toContain('王小明');
  });
});

test('large text is kept from page to page and rendered by the server', async ({ page }, info) => {
  await page.goto('/');
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const standard = await size();
  await page.getByRole('link', { name: '大字模式' }).click();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  expect(await size()).toBeGreaterThanOrEqual(standard * 1.5);
  await page.getByRole('link', { name: /个人办事/ }).click();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  // The server sends it in the HTML itself: no flash of small text.
  const html = await (await page.request.get('/matters')).text();
  expect(html).toContain('class="large-text"');
  await shoot(page, `${info.project.name}-large-text`);
  // Both languages.
  await page.getByRole('link', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveClass(/large-text/);
  await page.getByRole('link', { name: 'Standard text' }).click();
  await expect(page.locator('html')).not.toHaveClass(/large-text/);
  expect(await size()).toBe(standard);
});

test('an ID number and a phone number are typed on the on-screen keypad', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'the keypad is a kiosk feature (JS)');
  await page.goto('/kiosk');
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const id = page.getByLabel('申请人身份证号');
  // No OS keyboard: the field asks for none once the keypad is there.
  await expect(id).toHaveAttribute('inputmode', 'none');
  const keypad = page.getByRole('group', { name: '屏幕键盘' });
  await expect(keypad).toBeHidden();
  await id.tap();
  await expect(keypad).toBeVisible();
  await shoot(page, 'kiosk-keypad');
  // A slip, corrected with the delete key.
  for (const key of ('1101051949123100' + '7').split('')) {
    await keypad.getByRole('button', { name: key, exact: true }).tap();
  }
  await keypad.getByRole('button', { name: '删除一个字符' }).tap();
  for (const key of '2X'.split('')) {
    await keypad.getByRole('button', { name: key, exact: true }).tap();
  }
  await expect(id).toHaveValue(VALID_ID);
  await expect(id).toBeFocused();

  const phone = page.getByLabel('联系手机');
  await phone.tap();
  // Digits only for a phone number.
  await expect(keypad.getByRole('button', { name: 'X', exact: true })).toBeHidden();
  for (const key of '13812345678'.split('')) {
    await keypad.getByRole('button', { name: key, exact: true }).tap();
  }
  await keypad.getByRole('button', { name: '完成' }).tap();
  await expect(keypad).toBeHidden();
  await expect(phone).toHaveValue('13812345678');
  await page.getByLabel('申请人姓名').fill('王小明');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await expect(page.getByLabel('迁入地址')).toBeVisible();
});

test('a field tapped before the keypad is ready gets it when it is', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'the keypad is a kiosk feature (JS)');
  await page.goto('/kiosk');
  await page.goto('/matters/GA-HJ-001/apply');
  const release = await holdWasm(page);
  await page.getByTestId('start').click();
  const id = page.getByLabel('申请人身份证号');
  await id.tap();
  const keypad = page.getByRole('group', { name: '屏幕键盘' });
  await expect(keypad).toBeHidden();
  release();
  await expect(id).toHaveAttribute('inputmode', 'none');
  await expect(keypad).toBeVisible();
  await keypad.getByRole('button', { name: '1', exact: true }).tap();
  await expect(id).toHaveValue('1');
});

test('every control on a kiosk is at least 48 px', async ({ page }, info) => {
  test.skip(!kioskProject(info.project.name), 'kiosk sizes');
  await page.goto('/kiosk');
  const small = async () =>
    page.evaluate(() =>
      [...document.querySelectorAll('a, button, input, textarea, select')]
        .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('.skip-link, [hidden]'))
        .map((el) => {
          // A radio button or check box is pressed through its row.
          const target = (el as HTMLInputElement).type === 'radio' || (el as HTMLInputElement).type === 'checkbox'
            ? el.closest('.choice')! : el;
          const r = target.getBoundingClientRect();
          return { what: el.outerHTML.slice(0, 80), h: r.height, w: r.width };
        })
        .filter((r) => r.h < 48 || r.w < 48),
    );
  for (const url of ['/', '/matters', '/matters/MZ-SH-002', '/resume']) {
    await page.goto(url);
    expect(await small(), url).toEqual([]);
  }
  // No pinch-zoom (CSS, so also without JS); no long-press menu (JS).
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).touchAction)).toBe('pan-x pan-y');
  if (jsOn(info.project.name)) {
    await expect(page.locator('.idle-guard')).toBeAttached();
    await page.waitForFunction(() => {
      const ev = new MouseEvent('contextmenu', { bubbles: true, cancelable: true });
      document.querySelector('main')!.dispatchEvent(ev);
      return ev.defaultPrevented;
    });
  }
  await page.goto('/matters/MZ-SH-002/apply');
  await page.getByTestId('start').click();
  expect(await small(), 'applicant step').toEqual([]);
});

test('a receipt prints on an 80 mm roll and on A4 with its QR', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'printing is the same everywhere; once is enough');
  await startAndSaveApplicant(page);
  await page.getByLabel('迁入地址').fill('四川省达州市通川区朝阳中路1号');
  await page.getByRole('button', { name: '保存并继续' }).click();
  await page.getByTestId('continue').click();
  await page.getByTestId('continue').click();
  await page.getByLabel('我已阅读并作出以上承诺').check();
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/receipt$/);
  await page.emulateMedia({ media: 'print' });
  for (const [name, width] of [['80mm', 302], ['a4', 794]] as const) {
    await page.setViewportSize({ width, height: 1100 });
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      qr: document.querySelector('.qr-image svg')!.getBoundingClientRect().width,
      header: getComputedStyle(document.querySelector('.site-header')!).display,
    }));
    expect(layout.overflow, name).toBeLessThanOrEqual(0);
    expect(layout.qr, name).toBeGreaterThan(100);
    expect(layout.header, name).toBe('none');
    await shoot(page, `print-receipt-${name}`);
  }
  const roll = await page.pdf({ width: '80mm', printBackground: true });
  expect(roll.length).toBeGreaterThan(1000);
  const a4 = await page.pdf({ format: 'A4', printBackground: true });
  expect(a4.length).toBeGreaterThan(1000);
});

test('an untouched kiosk start screen stays quiet; once touched, it watches', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'a kiosk terminal runs with JS');
  await page.goto('/kiosk?idle=2&warning=30');
  await expect(page).toHaveURL(/\/$/);
  const warning = page.getByRole('dialog', { name: '您还在吗？' });
  // Well past the idle time, nobody there: no warning, no wipe.
  await page.waitForTimeout(5_000);
  await expect(warning).toBeHidden();
  // A citizen taps the search box and walks away: now it warns.
  await page.getByRole('searchbox').tap();
  await expect(warning).toBeVisible({ timeout: 10_000 });
});

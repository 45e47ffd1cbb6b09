import { test, expect, Browser, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { VALID_ID, shoot } from './helpers';

// 申请材料 as files: a phone uploads photos with progress (a large photo
// goes up scaled, a dark one is questioned first); a kiosk hands its draft
// to a phone by QR and lists the phone's file without reloading; the front
// desk opens the file from its checklist. Without JS the same forms post.
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, locale: 'zh-CN' };
const kiosk = { viewport: { width: 1080, height: 1920 }, hasTouch: true, deviceScaleFactor: 1, javaScriptEnabled: true, locale: 'zh-CN' };
const desk = { viewport: { width: 1366, height: 768 }, javaScriptEnabled: true, locale: 'zh-CN' };

async function audit(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, where).toEqual([]);
}

/** The front desk, signed in (demo account). */
async function frontDesk(browser: Browser): Promise<Page> {
  const front = await (await browser.newContext(desk)).newPage();
  await front.goto('/staff/sign-in');
  await front.getByLabel('账号').fill('desk.demo');
  await front.getByLabel('密码').fill('hall-demo-2026');
  await front.getByRole('button', { name: '登录' }).click();
  return front;
}

/** A household move answered up to its materials step; its draft path. */
async function toMaterials(page: Page): Promise<string> {
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const draft = page.url().replace(/\/[^/]+$/, '');
  const form = page.locator('form.application-form');
  await form.locator('[name="applicant_name"]').fill('张三');
  await form.locator('[name="applicant_id"]').fill(VALID_ID);
  await form.locator('[name="applicant_mobile"]').fill('13812345678');
  await form.locator('button[value="next"]').click();
  await form.locator('[name="new_address"]').fill('四川省达州市通川区朝阳中路1号');
  await form.locator('button[value="next"]').click();
  await expect(page).toHaveURL(/\/materials$/);
  return draft;
}

/** A photo of a page of text, made by a browser canvas: `dark` as if
 * taken without light; `noise` as a camera's grain (it makes JPEGs big). */
async function photo(browser: Browser, width: number, height: number, dark: boolean, noise: number): Promise<Buffer> {
  const page = await (await browser.newContext()).newPage();
  const dataUrl = await page.evaluate(({ width, height, dark, noise }) => {
    const c = document.createElement('canvas');
    c.width = width; c.height = height;
    const g = c.getContext('2d')!;
    g.fillStyle = dark ? '#101010' : '#f2f2ee';
    g.fillRect(0, 0, width, height);
    g.fillStyle = dark ? '#262626' : '#151515';
    g.font = `${Math.round(height / 40)}px sans-serif`;
    for (let y = height / 20; y < height; y += height / 25) {
      g.fillText('居民身份证 RESIDENT IDENTITY CARD 110105194912310021 中华人民共和国', width / 20, y);
    }
    if (noise > 0) {
      const img = g.getImageData(0, 0, width, height);
      let seed = 7;
      for (let i = 0; i < img.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const n = ((seed >> 8) % (2 * noise + 1)) - noise;
        img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n;
      }
      g.putImageData(img, 0, 0);
    }
    return c.toDataURL('image/jpeg', 0.97);
  }, { width, height, dark, noise });
  await page.context().close();
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

test.describe('materials', () => {
  test('a phone uploads two photos with progress; a large one goes up scaled, a dark one is questioned', async ({ browser }, info) => {
    test.skip(info.project.name !== 'phone-js', 'runs once, on a phone with JS');
    const context = await browser.newContext({ ...phone, javaScriptEnabled: true });
    const page = await context.newPage();
    const draft = await toMaterials(page);
    await expect(page.getByTestId('slots')).toBeVisible();
    await audit(page, 'materials step');
    await shoot(page, 'phone-materials-empty');

    const big = await photo(browser, 4000, 3000, false, 24);
    const sharp = await photo(browser, 1600, 1200, false, 4);
    const dark = await photo(browser, 1600, 1200, true, 2);
    expect(big.length, 'a big phone photo').toBeGreaterThan(4 * 1024 * 1024);

    // A weak network: 400 KB/s up, so the progress shows.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 80, downloadThroughput: 2_000_000, uploadThroughput: 400 * 1024 });

    const slot = page.locator('#m-id_card');
    await slot.locator('input[type=file][multiple]').setInputFiles([
      { name: '正面.jpg', mimeType: 'image/jpeg', buffer: big },
      { name: '反面.jpg', mimeType: 'image/jpeg', buffer: sharp },
    ]);
    await slot.getByTestId('upload').click();
    const rows = slot.getByTestId('upload-row');
    await expect(rows.first().locator('progress')).toBeVisible();
    await shoot(page, 'phone-materials-uploading', false);
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('已上传', { timeout: 30_000 });
    await expect(rows.nth(1)).toContainText('已上传', { timeout: 30_000 });
    await expect(rows.nth(0).locator('progress')).toHaveJSProperty('value', 100);
    // What the photo check and scaling cost in this browser (BENCHMARKS).
    console.log(`prepare: 4000x3000 ${await rows.nth(0).getAttribute('data-prepare-ms')} ms, 1600x1200 ${await rows.nth(1).getAttribute('data-prepare-ms')} ms; sizes ${big.length} and ${sharp.length} bytes`);
    // The list comes back from the server: both files, the slot's state.
    await expect(slot.getByTestId('slot-state')).toHaveText('已上传 2 个文件');
    const files = slot.getByTestId('file');
    await expect(files).toHaveCount(2);
    // The 4000×3000 photo went up scaled (as a JPEG well under 1 MB).
    await expect(files.nth(0)).toContainText('正面.jpg');
    const meta = (await files.nth(0).locator('.file-meta').textContent())!;
    const kb = meta.includes('MB') ? parseFloat(meta.split('· ')[1]) * 1024 : parseFloat(meta.split('· ')[1]);
    expect(kb, meta).toBeLessThan(1024);
    expect(kb, meta).toBeGreaterThan(50);
    await shoot(page, 'phone-materials-uploaded');

    // A dark photo: the warning first; the citizen may still send it.
    const other = page.locator('#m-household_register');
    await other.locator('input[type=file][multiple]').setInputFiles([{ name: '户口簿.jpg', mimeType: 'image/jpeg', buffer: dark }]);
    await other.getByTestId('upload').click();
    const row = other.getByTestId('upload-row');
    await expect(row).toContainText('照片太暗');
    await shoot(page, 'phone-materials-dark-warning', false);
    await audit(page, 'dark photo warning');
    await row.getByRole('button', { name: '仍然上传' }).click();
    await expect(other.getByTestId('slot-state')).toHaveText('已上传 1 个文件', { timeout: 30_000 });

    // The file opens for this phone only.
    const href = (await files.nth(1).getByRole('link').getAttribute('href'))!;
    expect((await page.request.get(href)).headers()['content-type']).toBe('image/jpeg');
    const stranger = await (await browser.newContext(phone)).newPage();
    expect((await stranger.request.get(href)).status()).toBe(404);
    expect(draft).toContain('/drafts/');
  });

  test('without JS the same form uploads', async ({ browser }, info) => {
    test.skip(info.project.name !== 'phone-nojs', 'the plain form, on a phone without JS');
    const page = await (await browser.newContext({ ...phone, javaScriptEnabled: false })).newPage();
    await toMaterials(page);
    const slot = page.locator('#m-id_card');
    await slot.locator('input[type=file][multiple]').setInputFiles([
      { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') },
    ]);
    await slot.getByTestId('upload').click();
    await expect(page.getByTestId('flash')).toHaveText('已上传 1 个文件。');
    await expect(page.locator('#m-id_card').getByTestId('file')).toContainText('scan.pdf');
    // A renamed executable: refused, said in the slot.
    await page.locator('#m-id_card input[type=file][multiple]').setInputFiles([
      { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a photo') },
    ]);
    await page.locator('#m-id_card').getByTestId('upload').click();
    await expect(page.locator('#m-id_card [role=alert]')).toContainText('文件内容不是 PDF、JPG 或 PNG');
    await shoot(page, 'phone-nojs-materials-refused');
  });

  test('a kiosk hands its draft to a phone by QR; the file appears on the kiosk; the desk opens it', async ({ browser }, info) => {
    test.skip(info.project.name !== 'kiosk-js', 'runs once, with a kiosk, a phone and a desk');
    const kioskPage = await (await browser.newContext(kiosk)).newPage();
    await kioskPage.goto('/kiosk');
    const draft = await toMaterials(kioskPage);
    await kioskPage.getByTestId('handoff-start').click();
    const qr = kioskPage.getByTestId('handoff-qr');
    await expect(qr.locator('svg')).toBeVisible();
    await shoot(kioskPage, 'kiosk-materials-handoff-qr');
    await audit(kioskPage, 'kiosk handoff');
    const url = new URL((await qr.getAttribute('data-url'))!);
    // The page must not reload: a marker survives only if it does not.
    await kioskPage.evaluate(() => ((window as any).stillHere = true));

    const phonePage = await (await browser.newContext({ ...phone, javaScriptEnabled: true })).newPage();
    await phonePage.goto(url.pathname);
    await expect(phonePage.getByRole('heading', { level: 1 })).toHaveText('为自助终端上的申请上传材料');
    await shoot(phonePage, 'phone-handoff-upload');
    const sharp = await photo(browser, 1600, 1200, false, 4);
    const slot = phonePage.locator('#m-property_certificate');
    await slot.locator('input[type=file][multiple]').setInputFiles([{ name: '房产证.jpg', mimeType: 'image/jpeg', buffer: sharp }]);
    await slot.getByTestId('upload').click();
    await expect(slot.getByTestId('upload-row')).toContainText('已上传');
    const sentAt = Date.now();
    await expect(kioskPage.locator('#m-property_certificate').getByTestId('file')).toContainText('房产证.jpg', { timeout: 2_000 });
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    expect(await kioskPage.evaluate(() => (window as any).stillHere)).toBe(true);
    await shoot(kioskPage, 'kiosk-materials-file-arrived');

    // A second phone is refused.
    const second = await (await browser.newContext(phone)).newPage();
    const res = await second.goto(url.pathname);
    expect(res!.status()).toBe(409);
    await expect(second.locator('main')).toContainText('已在另一部手机上使用');

    // Submitted at the kiosk; the front desk opens the file from its checklist.
    await kioskPage.goto(`${draft}/declaration`);
    await kioskPage.locator('[name="declaration"]').check();
    await kioskPage.getByTestId('submit').click();
    await expect(kioskPage).toHaveURL(/\/receipt$/);
    const number = (await kioskPage.getByTestId('application-number').textContent())!.trim().replace('-', '');
    const front = await frontDesk(browser);
    await front.goto(`/staff/applications/${number}`);
    const row = front.locator('tr[data-material="property_certificate"]');
    await expect(row.getByRole('link', { name: '房产证.jpg' })).toBeVisible();
    await shoot(front, 'desk-checklist-with-files');
    await audit(front, 'desk checklist with files');
    const [opened] = await Promise.all([
      front.context().waitForEvent('page'),
      row.getByRole('link', { name: '房产证.jpg' }).click(),
    ]);
    const response = await opened.waitForLoadState().then(() => opened.evaluate(() => document.contentType));
    expect(response).toBe('image/jpeg');
  });

  test('after a one-time notice the proven applicant sends the missing material from the phone', async ({ browser }, info) => {
    test.skip(info.project.name !== 'phone-js', 'runs once, on a phone with JS and a desk');
    const page = await (await browser.newContext({ ...phone, javaScriptEnabled: true })).newPage();
    const draft = await toMaterials(page);
    await page.goto(`${draft}/declaration`);
    await page.locator('[name="declaration"]').check();
    await page.getByTestId('submit').click();
    await expect(page).toHaveURL(/\/receipt$/);
    const number = (await page.getByTestId('application-number').textContent())!.trim().replace('-', '');

    const front = await frontDesk(browser);
    await front.goto(`/staff/applications/${number}`);
    const rows = front.locator('tr[data-material]');
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      if ((await row.getAttribute('data-material')) === 'household_register') {
        await row.getByLabel('缺少').check();
      } else {
        await row.getByLabel('齐全合格').check();
        const original = row.getByLabel('已核验原件');
        if (await original.count()) await original.check();
      }
    }
    await front.getByLabel('一次性告知补正').check();
    await front.getByRole('button', { name: '提交决定' }).click();
    await expect(front.getByTestId('notice')).toContainText('补正材料通知书');

    await page.goto(`/applications/${number}`);
    await expect(page.locator('#corrections')).toHaveCount(0);
    await page.getByLabel('证件号码最后 6 位').fill(VALID_ID.slice(-6));
    await page.getByRole('button', { name: '验证' }).click();
    const section = page.locator('#corrections');
    await expect(section.getByRole('heading', { name: '在线提交补正材料' })).toBeVisible();
    const sharp = await photo(browser, 1600, 1200, false, 4);
    await section.locator('input[type=file][multiple]').setInputFiles([{ name: '户口簿首页.jpg', mimeType: 'image/jpeg', buffer: sharp }]);
    await section.getByTestId('upload').click();
    await expect(section.getByTestId('slot-state')).toHaveText('已上传 1 个文件', { timeout: 30_000 });
    await audit(page, 'corrections by upload');
    await shoot(page, 'phone-corrections-upload');
  });
});

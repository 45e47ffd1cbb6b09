import { test, expect, chromium, Browser, Page } from '@playwright/test';
import * as os from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VALID_ID, acceptAndApprove, audit, capture, desk, signIn, submitHousehold } from './helpers';

// 统一出件: a citizen applies for a household move on a phone; the front
// desk accepts and the police approve; the citizen proves who they are
// and chooses window pickup with a proxy; the issuing window seals and
// issues; anyone verifies the licence by its QR; the citizen's phone shows
// the pickup QR; at the desk a USB scanner types the code in, the ID is
// checked, and the result is handed over — once.
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2, javaScriptEnabled: true, locale: 'zh-CN' };
const shots = path.resolve(__dirname, '../screenshots');
const PROXY_ID = '110102198001010017';

test.describe('issuing and pickup', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name !== 'phone-js', 'runs once with its own devices'));

  test('sealed, verified, shown only after proof, scanned by a USB scanner, handed over once', async ({ browser }) => {
    fs.mkdirSync(shots, { recursive: true });
    const citizen = await (await browser.newContext(phone)).newPage();
    // The desk's decoder never reaches a citizen's phone.
    const scannerLoads: string[] = [];
    citizen.on('request', (r) => { if (r.url().includes('/scanner/')) scannerLoads.push(r.url()); });
    const number = await submitHousehold(citizen);
    await acceptAndApprove(browser, number);

    // The citizen proves who they are, then chooses pickup with a proxy.
    await citizen.goto(`/applications/${number}`);
    await expect(citizen.getByTestId('proof-form')).toBeVisible();
    await expect(citizen.getByTestId('delivery-form')).toHaveCount(0);
    await citizen.getByLabel('证件号码最后 6 位').fill('000000');
    await citizen.getByRole('button', { name: '验证' }).click();
    await expect(citizen.locator('#id_tail-error')).toContainText('还可尝试 4 次');
    await citizen.getByLabel('证件号码最后 6 位').fill(VALID_ID.slice(-6));
    await citizen.getByRole('button', { name: '验证' }).click();
    await expect(citizen.getByTestId('delivery-form')).toBeVisible();
    await citizen.getByLabel('代领人姓名（可不填）').fill('李四');
    await citizen.getByLabel('代领人身份证号码').fill(PROXY_ID);
    await citizen.getByRole('button', { name: '保存领取方式' }).click();
    await expect(citizen.getByTestId('delivery-choice')).toContainText('李四');
    await capture(citizen, { path: path.join(shots, 'phone-delivery-choice.png'), fullPage: true });
    await audit(citizen, 'delivery choice');

    // The issuing window: its list, the file, seal and issue.
    const window = await signIn(browser, 'issue.demo');
    await expect(window.getByRole('heading', { level: 1 })).toHaveText('统一出件窗口');
    await window.locator('tr', { hasText: number.slice(0, 5) }).getByRole('link').click();
    await expect(window.getByTestId('delivery')).toContainText('李四');
    await audit(window, 'issuing file');
    await window.getByRole('button', { name: '加盖电子印章并出证' }).click();
    await expect(window.getByTestId('issuing-status')).toHaveText('已出证，等待领取或寄出');
    await capture(window, { path: path.join(shots, 'desk-issuing-file.png'), fullPage: true });

    // Anyone checks the licence (its QR opens this page); printed on A4.
    const licence = window.getByTestId('licence').getByRole('link');
    const verifyUrl = new URL((await licence.getAttribute('href'))!);
    const checker = await (await browser.newContext(phone)).newPage();
    await checker.goto(verifyUrl.pathname);
    await expect(checker.getByTestId('verdict')).toContainText('真实有效');
    await expect(checker.getByTestId('licence-holder')).toHaveText('张三');
    await audit(checker, 'licence check');
    await capture(checker, { path: path.join(shots, 'phone-licence-check.png'), fullPage: true });
    await checker.emulateMedia({ media: 'print' });
    const pdf = await checker.pdf({ path: path.join(shots, 'licence.pdf'), format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await checker.goto('/verify/AAAAAAAAAAAAAAAA');
    await expect(checker.getByTestId('verdict')).toContainText('查无此证照');

    // The pickup pass: only on the proven phone.
    await citizen.reload();
    const pass = citizen.getByTestId('pickup-pass');
    await expect(pass).toBeVisible();
    await expect(citizen.getByTestId('pickup-code')).toHaveText(/^\d{4} \d{4}$/);
    const token = (await pass.locator('[data-token]').getAttribute('data-token'))!;
    // The QR has an accessible name (a screen reader says what it is).
    await expect(pass.getByRole('img', { name: '取件二维码（到统一出件窗口出示）' })).toBeVisible();
    expect(token).toMatch(/^HP1-[A-Z2-7]+$/);
    await capture(citizen, { path: path.join(shots, 'phone-pickup-pass.png'), fullPage: true });
    await audit(citizen, 'pickup pass');
    const stranger = await (await browser.newContext(phone)).newPage();
    await stranger.goto(`/applications/${number}`);
    await expect(stranger.getByTestId('pickup-pass')).toHaveCount(0);
    await expect(stranger.getByTestId('proof-form')).toBeVisible();

    // The desk's scanner: a USB scanner types into the focused field and
    // presses Enter. Garbage first, then the real code.
    await window.goto('/staff/pickup');
    await expect(window.getByLabel('取件码')).toBeFocused();
    await window.keyboard.type('NOT-A-CODE');
    await window.keyboard.press('Enter');
    await expect(window.getByTestId('error-summary')).toContainText('这不是取件码');
    await window.getByLabel('取件码').focus();
    await window.keyboard.type(token, { delay: 2 });
    await window.keyboard.press('Enter');
    await expect(window.getByTestId('pickup-applicant')).toHaveText('张三');
    await expect(window.getByTestId('pickup-file')).toContainText('李四');
    await audit(window, 'pickup confirmation');
    await capture(window, { path: path.join(shots, 'desk-pickup-scan.png'), fullPage: true });
    await window.getByLabel(/^代领人：李四/).check();
    await window.getByRole('button', { name: '确认交付' }).click();
    await expect(window.getByTestId('error-summary')).toContainText('请先核验领取人的身份证件');
    await window.getByLabel(/^代领人：李四/).check();
    await window.getByLabel('已核验领取人的身份证件原件，与上列信息一致').check();
    await window.getByRole('button', { name: '确认交付' }).click();
    await expect(window.getByTestId('handover-to')).toContainText('李四');
    await expect(window.getByTestId('handover')).not.toContainText(PROXY_ID);
    await audit(window, 'proof of delivery');
    await window.emulateMedia({ media: 'print' });
    const receipt = await window.pdf({ path: path.join(shots, 'desk-handover.pdf'), format: 'A4', printBackground: true });
    await window.emulateMedia({ media: 'screen' });
    expect(receipt.subarray(0, 5).toString()).toBe('%PDF-');

    // A second scan of the same code: already collected, by whom.
    await window.goto('/staff/pickup');
    await window.keyboard.type(token);
    await window.keyboard.press('Enter');
    await expect(window.getByTestId('error-summary')).toContainText('这个取件码未办理领取');
    await expect(window.getByTestId('error-summary')).not.toContainText('没有保存');
    await expect(window.getByTestId('error-summary')).toContainText('不能重复领取');
    await expect(window.getByTestId('error-summary')).toContainText('出件 赵丽');

    await citizen.reload();
    await expect(citizen.getByTestId('delivered')).toBeVisible();
    await expect(citizen.getByTestId('pickup-pass')).toHaveCount(0);
    expect(scannerLoads).toEqual([]);
  });

  test('the camera reads a pickup QR from a phone screen and the desk hands over', async ({ browser }, info) => {
    const citizen = await (await browser.newContext(phone)).newPage();
    const number = await submitHousehold(citizen);
    await acceptAndApprove(browser, number);
    const window = await signIn(browser, 'issue.demo');
    await window.goto(`/staff/issuing/${number}`);
    await window.getByRole('button', { name: '加盖电子印章并出证' }).click();
    await expect(window.getByTestId('issuing-status')).toHaveText('已出证，等待领取或寄出');
    await citizen.goto(`/applications/${number}`);
    await citizen.getByLabel('证件号码最后 6 位').fill(VALID_ID.slice(-6));
    await citizen.getByRole('button', { name: '验证' }).click();
    await expect(citizen.getByTestId('pickup-pass')).toBeVisible();

    // The camera's video, made from the pass's own QR as the phone shows
    // it: a few frames of empty desk, then the phone held up, moving.
    const planes = await citizen.evaluate(async () => {
      const svg = document.querySelector('.pickup-pass .qr svg')!;
      const img = new Image();
      img.src = 'data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(svg));
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 480;
      const g = canvas.getContext('2d')!;
      const frame = (shift: number | null) => {
        const desk = g.createLinearGradient(0, 0, 640, 480);
        desk.addColorStop(0, '#5d5d5d');
        desk.addColorStop(1, '#a0a0a0');
        g.fillStyle = desk;
        g.fillRect(0, 0, 640, 480);
        if (shift !== null) {
          g.save();
          g.translate(300 + shift, 240);
          g.rotate(0.15);
          g.fillStyle = '#111';
          g.fillRect(-125, -175, 250, 350); // the phone
          g.fillStyle = '#e8e8e8';
          g.fillRect(-110, -110, 220, 220); // its screen, a little dim
          g.drawImage(img, -100, -100, 200, 200);
          g.restore();
        }
        const rgba = g.getImageData(0, 0, 640, 480).data;
        const y = new Uint8Array(640 * 480);
        for (let p = 0, q = 0; p < rgba.length; p += 4, q++) y[q] = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
        let text = '';
        for (let i = 0; i < y.length; i += 8192) text += String.fromCharCode(...y.subarray(i, i + 8192));
        return btoa(text);
      };
      return { empty: frame(null), held: [0, 4, 8, 12, 16].map((s) => frame(s)) };
    });
    const video = path.join(os.tmpdir(), `pickup-${number}.y4m`);
    const chroma = Buffer.alloc((640 * 480) / 2, 128);
    const frames = [
      ...Array(10).fill(planes.empty),
      ...Array(6).fill(planes.held).flat(),
    ].map((b64: string) => Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(b64, 'base64'), chroma]));
    fs.writeFileSync(video, Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg\n'), ...frames]));

    // A desk browser whose camera is that video.
    const camera = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    try {
      const context = await camera.newContext({ ...desk, baseURL: info.project.use.baseURL });
      await context.grantPermissions(['camera']);
      const scanner = await context.newPage();
      const timings: string[] = [];
      scanner.on('console', (m) => { if (m.text().startsWith('scanner')) timings.push(m.text()); });
      await scanner.goto('/staff/sign-in');
      await scanner.getByLabel('账号').fill('issue.demo');
      await scanner.getByLabel('密码').fill('hall-demo-2026');
      await scanner.getByRole('button', { name: '登录' }).click();
      await scanner.goto('/staff/pickup');
      await scanner.getByRole('button', { name: '开启摄像头' }).click();
      await expect(scanner.getByTestId('pickup-applicant')).toHaveText('张三', { timeout: 15000 });
      expect(timings.length).toBe(1);
      const took = JSON.parse(timings[0].slice('scanner '.length));
      fs.writeFileSync(path.join(shots, 'scanner-camera-timing.json'), JSON.stringify(took, null, 2));
      info.annotations.push({ type: 'scanner', description: timings[0] });
      await scanner.getByLabel('已核验领取人的身份证件原件，与上列信息一致').check();
      await scanner.getByRole('button', { name: '确认交付' }).click();
      await expect(scanner.getByTestId('handover-to')).toContainText('张三');
    } finally {
      await camera.close();
      fs.rmSync(video, { force: true });
    }
  });
});

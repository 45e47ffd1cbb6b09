import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { audit, capture, desk, jsOn, shoot, signIn, submitHousehold } from './helpers';

// 取号叫号: a kiosk submits, takes a number that carries the application
// and prints it (80 mm); the hall display (its own browser, no account)
// shows the call live when the front desk calls, and the application opens
// at the desk at once; the phone that scanned the ticket is sent to the
// window. Without JS a phone takes a plain number and follows it.

const display = { viewport: { width: 1920, height: 1080 }, javaScriptEnabled: true, locale: 'zh-CN' };
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'zh-CN' };

test('a kiosk number carries its application to the window the display calls it to', async ({ page, browser }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'a kiosk in the hall, with JS');
  await page.goto('/kiosk');
  await expect(page.getByTestId('queue-entry')).toBeVisible();
  const number = await submitHousehold(page);
  await page.getByTestId('queue-for').click();
  await expect(page.getByTestId('queue-carries')).toContainText(number.slice(0, 5));
  await audit(page, 'queue categories at a kiosk');
  await shoot(page, 'kiosk-queue-categories');
  await page.getByTestId('take-A').click();
  await expect(page.getByTestId('queue-ticket')).toBeVisible();
  const ticket = (await page.getByTestId('ticket-number').textContent())!.trim();
  expect(ticket).toMatch(/^A\d{3}$/);
  await expect(page.getByTestId('queue-ticket')).toContainText('已关联您的申请');
  await audit(page, 'queue ticket at a kiosk');
  await shoot(page, 'kiosk-queue-ticket');
  const ticketUrl = page.url();

  // The printed ticket: 80 mm receipt paper.
  const paper = await (await browser.newContext({ viewport: { width: 302, height: 700 }, locale: 'zh-CN' })).newPage();
  await paper.goto(ticketUrl);
  await paper.emulateMedia({ media: 'print' });
  await expect(paper.locator('.site-header')).toBeHidden();
  await shoot(paper, 'queue-ticket-80mm-print');
  const dir = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await paper.pdf({ path: path.join(dir, 'queue-ticket-80mm.pdf'), width: '80mm', printBackground: true });

  // The hall display, open before the call.
  const board = await (await browser.newContext(display)).newPage();
  await board.goto('/hall/display');
  await expect(board.getByTestId('call-now')).toBeVisible();
  await audit(board, 'hall display');

  // The front desk sits at window 5 and calls until this number comes up:
  // the application opens straight away.
  const front = await signIn(browser, 'desk.demo');
  await front.goto('/staff/calling');
  await front.getByLabel('我的窗口号').fill('5');
  await front.getByRole('button', { name: '保存窗口号' }).click();
  await expect(front.getByTestId('calling-window')).toHaveText('您在 5 号窗口。');
  await audit(front, 'calling panel');
  await shoot(front, 'desk-calling-panel');
  for (let i = 0; i < 20; i++) {
    await front.goto('/staff/calling');
    await front.getByTestId('call-next').click();
    if (front.url().includes(`/staff/applications/${number}`)) break;
  }
  await expect(front).toHaveURL(new RegExp(`/staff/applications/${number}$`));
  await expect(front.locator('main')).toContainText('张');

  // The kiosk's ticket page says where to go, without reloading.
  await expect(page.getByTestId('ticket-status')).toHaveText('请到 5 号窗口办理。', { timeout: 20_000 });
  // The display shows it without reloading.
  await expect(board.getByTestId('call-now-number')).toHaveText(`请 ${ticket} 号`);
  await expect(board.getByTestId('call-now-window')).toHaveText('到 5 号窗口');
  await shoot(board, 'hall-display-1920', false);

  // The desk's panel has it at the window; a re-call shows it again.
  await front.goto('/staff/calling');
  await expect(front.getByTestId('calling-current')).toContainText(ticket);
  await expect(front.getByTestId('open-application')).toBeVisible();
  await shoot(front, 'desk-calling-current');

  // The phone that scanned the ticket's QR is sent to the window.
  const mobile = await (await browser.newContext(phone)).newPage();
  await mobile.goto(ticketUrl);
  await expect(mobile.getByTestId('ticket-status')).toHaveText('请到 5 号窗口办理。');
  await audit(mobile, 'ticket on a phone, called');
  await shoot(mobile, 'phone-queue-ticket-called');

  // The supervisor's day shows the category.
  const boss = await signIn(browser, 'super.demo');
  await boss.goto('/staff/supervision');
  await expect(boss.getByTestId('queue-day-A')).toBeVisible();
  await audit(boss, 'supervision with the queue');
  await boss.getByTestId('queue-day-A').scrollIntoViewIfNeeded();
  await capture(boss, { path: path.join(dir, 'desk-supervision-queue.png'), fullPage: true });
});

test('a phone takes a plain number and follows it without JS', async ({ page }, info) => {
  test.skip(!info.project.name.startsWith('phone'), 'a phone, with JS and without');
  await page.goto('/queue');
  await page.getByTestId('take-B').click();
  await expect(page.getByTestId('queue-ticket')).toBeVisible();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^B\d{3}$/);
  await expect(page.getByTestId('ticket-status')).toContainText(/前面还有|下一位就是您/);
  if (jsOn(info.project.name)) {
    // With JS the status line looks for itself: the page never reloads.
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
    await audit(page, 'ticket on a phone');
  } else {
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute('content', '15');
  }
  await shoot(page, `${info.project.name}-queue-ticket`);
});

test('the desk is told plainly what is missing, and keeps what it typed', async ({ browser }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'once, at a desk');
  const issuing = await signIn(browser, 'issue.demo', desk);
  await issuing.goto('/staff/calling');
  await issuing.getByTestId('call-next').click();
  await expect(issuing.getByTestId('calling-error')).toHaveText('请先填写您所在的窗口号。');
  await issuing.getByLabel('我的窗口号').fill('0');
  await issuing.getByRole('button', { name: '保存窗口号' }).click();
  await expect(issuing.getByTestId('calling-error')).toHaveText('窗口号是 1 到 99 的数字。');
  await expect(issuing.getByLabel('我的窗口号')).toHaveValue('0');
  await shoot(issuing, 'desk-calling-refused');
  await issuing.getByLabel('我的窗口号').fill('12');
  await issuing.getByRole('button', { name: '保存窗口号' }).click();
  await expect(issuing.getByTestId('calling-window')).toHaveText('您在 12 号窗口。');
});

test('a phone books a time and a kiosk checks it in for a number', async ({ browser }, info) => {
  test.skip(info.project.name !== 'phone-js', 'a phone and a kiosk, with JS');
  const phonePage = await (await browser.newContext(phone)).newPage();
  await phonePage.goto('/queue/book');
  await audit(phonePage, 'booking: categories');
  await phonePage.getByTestId('book-A').click();
  const form = phonePage.getByTestId('booking-form');
  await expect(form).toBeVisible();
  // Sent without a time: said so.
  await phonePage.getByTestId('book-submit').click();
  await expect(phonePage.getByTestId('booking-error')).toHaveText('请选择一个可预约的时段。');
  // The next time (its check-in is open within half an hour).
  const times = phonePage.locator('input[name="slot"]:not([disabled])');
  await times.nth(1).check();
  await audit(phonePage, 'booking: times');
  await shoot(phonePage, 'phone-booking-times');
  await phonePage.getByTestId('book-submit').click();
  await expect(phonePage.getByTestId('booking-said')).toHaveText('预约成功。请保存此页或截图。');
  const code = (await phonePage.getByTestId('booking-code').textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await audit(phonePage, 'booking');
  await shoot(phonePage, 'phone-booking');

  // At the hall, the kiosk takes the code.
  const kiosk = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'zh-CN' })).newPage();
  await kiosk.goto('/kiosk');
  await kiosk.goto('/queue');
  await kiosk.getByLabel('预约码').fill('WRONG-CODE');
  await kiosk.getByRole('button', { name: '签到取号' }).click();
  await expect(kiosk.getByTestId('queue-error')).toHaveText('没有找到这个预约：请核对预约码。');
  await expect(kiosk.getByLabel('预约码')).toHaveValue('WRONG-CODE');
  await kiosk.getByLabel('预约码').fill(code.toLowerCase());
  await kiosk.getByRole('button', { name: '签到取号' }).click();
  await expect(kiosk.getByTestId('ticket-number')).toHaveText(/^A\d{3}$/);
  await shoot(kiosk, 'kiosk-booking-checked-in');
  // The booking page now says it is checked in.
  await phonePage.reload();
  await expect(phonePage.getByTestId('booking-status')).toHaveText('已签到取号');
});

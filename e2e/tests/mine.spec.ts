import { test, expect, Page } from '@playwright/test';
import { VALID_ID, audit, jsOn, shoot, submitHousehold } from './helpers';

// 我的办件: a phone asks for a code, reads it from the SMS (the test
// gateway), and sees its applications; at a kiosk the list goes with the
// idle wipe.

const gateway = `http://127.0.0.1:${Number(process.env.HALL_E2E_PORT ?? 3107) + 1}`;
const projects = ['kiosk-js', 'kiosk-nojs', 'phone-js', 'phone-nojs'];

/** A mobile of its own per project and test: cooldowns are per mobile. */
const mobileFor = (project: string, test: number) =>
  `1397700${String(projects.indexOf(project) * 10 + test).padStart(4, '0')}`;

type Sms = { event: string; mobile: string; number: string | null; params: Record<string, string>; text: string; link: string | null };

async function messagesTo(mobile: string): Promise<Sms[]> {
  const res = await fetch(`${gateway}/messages?mobile=${mobile}`);
  return (await res.json()) as Sms[];
}

/** The newest sign-in code the phone received. */
async function codeFor(mobile: string): Promise<string> {
  let code = '';
  await expect.poll(async () => {
    const codes = (await messagesTo(mobile)).filter((m) => m.event === 'sign_in_code');
    code = codes.length ? codes[codes.length - 1].params.code : '';
    return code;
  }, { timeout: 15_000 }).toMatch(/^\d{6}$/);
  return code;
}

async function openMine(page: Page, mobile: string) {
  await page.goto('/my');
  await page.getByLabel('手机号').fill(mobile);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByTestId('code-sent')).toContainText(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
  const code = await codeFor(mobile);
  await page.getByLabel('6 位验证码').fill(code);
  await page.getByRole('button', { name: '查看我的办件' }).click();
  await expect(page.getByTestId('my-list-heading')).toBeVisible();
}

test('a phone gets the code by SMS and sees its two applications with their messages', async ({ page }, info) => {
  test.skip(!info.project.name.startsWith('phone'), 'the phone half');
  const mobile = mobileFor(info.project.name, 1);
  const first = await submitHousehold(page, mobile);
  const second = await submitHousehold(page, mobile);
  // Each submission was told by SMS, masked name and number only.
  await expect.poll(async () => (await messagesTo(mobile)).filter((m) => m.event === 'submitted').length,
    { timeout: 15_000 }).toBe(2);
  for (const m of await messagesTo(mobile)) {
    expect(m.text).not.toContain(VALID_ID);
    expect(m.text).not.toContain('张三');
    // The link opens the application's progress page on this hall.
    expect(m.link).toBe(`${new URL(page.url()).origin}/applications/${m.number}`);
  }
  await page.goto('/my');
  await shoot(page, `my-applications-mobile-${info.project.name}`);
  // A typo first: said so, what was typed kept.
  await page.getByLabel('手机号').fill(mobile.slice(0, 10));
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert')).toContainText('11 位');
  await expect(page.getByLabel('手机号')).toHaveValue(mobile.slice(0, 10));
  await openMine(page, mobile);
  const cards = page.getByTestId('my-application');
  await expect(cards).toHaveCount(2);
  await expect(page.locator('main')).toContainText(first);
  await expect(page.locator('main')).toContainText(second);
  await expect(cards.first().getByTestId('messages')).toContainText('您的申请已提交');
  await shoot(page, `my-applications-list-${info.project.name}`);
  if (jsOn(info.project.name)) {
    await audit(page, '/my (list)');
    await page.goto('/my?again=1');
    await audit(page, '/my (mobile form, signed in elsewhere)');
  }
  // Closing it: the next visitor of this phone's browser sees the form.
  await page.goto('/my');
  await page.getByRole('button', { name: '退出我的办件' }).click();
  await expect(page.getByLabel('手机号')).toBeVisible();
  await expect(page.locator('main')).not.toContainText(first);
});

test('at a kiosk the list goes with the idle wipe', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'a kiosk terminal runs with JS');
  const mobile = mobileFor(info.project.name, 2);
  const number = await submitHousehold(page, mobile);
  await page.goto('/kiosk?idle=8&warning=3');
  await openMine(page, mobile);
  await expect(page.locator('main')).toContainText(number);
  await shoot(page, 'my-applications-list-kiosk');
  await audit(page, '/my at a kiosk');
  // Left alone: wiped back to the start; the list is gone with the visit.
  await expect(page).toHaveURL(/\/$/, { timeout: 20_000 });
  await page.goto('/my');
  await expect(page.getByLabel('手机号')).toBeVisible();
  await expect(page.locator('main')).not.toContainText(number);
  await page.goBack();
  await expect(page.locator('main')).not.toContainText(number);
});

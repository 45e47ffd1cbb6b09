import { defineConfig } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// The server under test: the release build (the WASM is the optimised one
// citizens get), a throwaway database, the shipped demo catalog.
const port = Number(process.env.HALL_E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hall-e2e-'));
const root = path.resolve(__dirname, '..');
// The test SMS gateway (sms-webhook.mjs): the server's messages arrive there.
const smsPort = port + 1;
const smsSecret = 'e2e-sms-webhook-secret-0123456789abcdef';
const smsGateway = `http://127.0.0.1:${smsPort}`;

// Debian's Chromium only; never a downloaded browser.
const launchOptions = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

const kiosk = { viewport: { width: 1080, height: 1920 }, hasTouch: true, deviceScaleFactor: 1 };
const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, launchOptions, locale: 'zh-CN', trace: 'off' },
  projects: [
    { name: 'kiosk-js', use: { ...kiosk, javaScriptEnabled: true } },
    { name: 'kiosk-nojs', use: { ...kiosk, javaScriptEnabled: false } },
    { name: 'phone-js', use: { ...phone, javaScriptEnabled: true } },
    { name: 'phone-nojs', use: { ...phone, javaScriptEnabled: false } },
  ],
  webServer: [{
    command: 'node sms-webhook.mjs',
    cwd: __dirname,
    url: `${smsGateway}/healthz`,
    timeout: 20_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { SMS_WEBHOOK_PORT: String(smsPort), SMS_WEBHOOK_SECRET: smsSecret },
  }, {
    command: `${root}/target/release/server`,
    cwd: root,
    url: `${baseURL}/healthz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      HALL__SERVER__PORT: String(port),
      HALL__SERVER__PUBLIC_BASE_URL: baseURL,
      HALL__DATABASE__URL: path.join(dataDir, 'hall.db'),
      HALL__SITE__ROOT: path.join(root, 'target/site'),
      HALL__CATALOG__DIR: path.join(root, 'catalog'),
      HALL__CALENDAR__DIR: path.join(root, 'calendar'),
      HALL__LOG__FILTER: 'warn',
      // Every test browses from 127.0.0.1: one address for the whole suite.
      // The limits themselves are proven by server/tests/api/security.rs.
      HALL__LIMITS__LOOKUPS: '100000',
      // Sign-ins from one address count even when they succeed (20 per
      // 15 minutes by default); the suite's desks sign in more often.
      HALL__STAFF__MAX_FAILURES_PER_CLIENT: '1000',
      // The demo staff accounts (README) sign in to the desks.
      HALL__STAFF__DEMO: 'true',
      // 预约 at any hour of any day, today included, so a phone can book a
      // time the kiosk checks in for whenever the suite runs.
      HALL__QUEUE__BOOKING__OPENS: '00:00',
      HALL__QUEUE__BOOKING__CLOSES: '24:00',
      HALL__QUEUE__BOOKING__SAME_DAY: 'true',
      HALL__QUEUE__BOOKING__EVERY_DAY: 'true',
      HALL__QUEUE__BOOKING__DAYS_AHEAD: '2',
      // Messages go to the test SMS gateway (a signed webhook).
      HALL__NOTIFICATIONS__CHANNEL: 'webhook',
      HALL__NOTIFICATIONS__WEBHOOK__URL: `${smsGateway}/sms`,
      HALL__NOTIFICATIONS__WEBHOOK__SECRET: smsSecret,
      HALL__NOTIFICATIONS__POLL_MS: '100',
    },
  }],
});

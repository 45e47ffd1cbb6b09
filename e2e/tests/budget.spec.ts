import { test, expect, Page } from '@playwright/test';
import * as http from 'node:http';

// Size budgets for slow phones: the start page within 150 KB transferred
// (without any WASM: it has no island), the citizen-flow WASM within
// 120 KB brotli, served precompressed under a hashed name for a year.

const START_PAGE_BUDGET = 150 * 1024;
const WASM_BUDGET_BROTLI = 120 * 1024;

/** Bytes on the wire (headers and compressed bodies) to load `url`. */
async function transferred(page: Page, url: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  const urls: string[] = [];
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  cdp.on('Network.requestWillBeSent', (e) => { urls.push(e.request.url); });
  await page.goto(url, { waitUntil: 'networkidle' });
  await cdp.detach();
  return { bytes, urls };
}

function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

test('the start page fits the budget and loads no WASM', async ({ page }, info) => {
  test.skip(!info.project.name.startsWith('phone'), 'phones are the slow ones');
  const { bytes, urls } = await transferred(page, '/');
  console.log(`start page: ${bytes} bytes transferred, ${urls.length} requests`);
  expect(urls.filter((u) => u.endsWith('.wasm') || u.endsWith('.js'))).toEqual([]);
  expect(bytes).toBeLessThanOrEqual(START_PAGE_BUDGET);
});

test('a kiosk start page with its islands fits the budget too', async ({ page }, info) => {
  test.skip(info.project.name !== 'kiosk-js', 'kiosk with JS');
  await page.goto('/kiosk');
  const { bytes, urls } = await transferred(page, '/');
  console.log(`kiosk start page: ${bytes} bytes transferred`);
  expect(urls.some((u) => u.endsWith('.wasm'))).toBe(true);
  expect(bytes).toBeLessThanOrEqual(START_PAGE_BUDGET);
});

test('the WASM is served precompressed, hashed and cached for a year, within budget', async ({ page, baseURL }, info) => {
  test.skip(info.project.name !== 'phone-js', 'once is enough');
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  const wasm = await page.locator('link[rel="preload"][as="fetch"]').getAttribute('href');
  const js = await page.locator('link[rel="modulepreload"]').getAttribute('href');
  const css = await page.locator('link[rel="stylesheet"]').getAttribute('href');
  for (const asset of [wasm, js, css]) {
    expect(asset).toMatch(/^\/pkg\/hall\.[A-Za-z0-9_-]+\.(wasm|js|css)$/);
    const br = await rawGet(`${baseURL}${asset}`, { 'Accept-Encoding': 'br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['set-cookie']).toBeUndefined();
    const gz = await rawGet(`${baseURL}${asset}`, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    if (asset === wasm) {
      console.log(`WASM: ${br.bytes} bytes brotli, ${gz.bytes} gzip`);
      expect(br.bytes).toBeLessThanOrEqual(WASM_BUDGET_BROTLI);
    }
  }
});

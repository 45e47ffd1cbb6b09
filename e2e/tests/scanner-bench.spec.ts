import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The desk decoder in WASM, in Chromium, on the hard frames `scanbench`
// makes (a benchmark, not a test: run on demand, results in
// docs/BENCHMARKS.md):
//   cargo run -p scanbench --release -- generate /tmp/frames
//   HALL_SCANNER_FRAMES=/tmp/frames npx playwright test scanner-bench --project phone-js
const dir = process.env.HALL_SCANNER_FRAMES;

test('the WASM decoder on the hard frames', async ({ page }) => {
  test.skip(!dir, 'set HALL_SCANNER_FRAMES to a folder made by `scanbench generate`');
  test.setTimeout(600_000);
  const truth = fs.readFileSync(path.join(dir!, 'truth.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  await page.goto('/verify');
  await page.evaluate(async () => {
    const m = await import('/scanner/scanner.js');
    await m.default();
    (window as any).decodeRgba = m.decodeRgba;
  });
  const times: number[] = [];
  const byFamily = new Map<string, [number, number]>();
  let read = 0;
  for (const [file, family, text] of truth) {
    const png = fs.readFileSync(path.join(dir!, file)).toString('base64');
    const [found, ms] = await page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      const data = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const t0 = performance.now();
      const text = (window as any).decodeRgba(bitmap.width, bitmap.height, data);
      return [text ?? null, performance.now() - t0];
    }, png);
    times.push(ms as number);
    const ok = found === text;
    read += ok ? 1 : 0;
    const f = byFamily.get(family) ?? [0, 0];
    byFamily.set(family, [f[0] + (ok ? 1 : 0), f[1] + 1]);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const result = {
    frames: truth.length,
    read,
    mean_ms: +mean.toFixed(2),
    p50_ms: +times[Math.floor(times.length * 0.5)].toFixed(2),
    p95_ms: +times[Math.floor(times.length * 0.95)].toFixed(2),
    max_ms: +times[times.length - 1].toFixed(2),
    families: Object.fromEntries(byFamily),
  };
  console.log(JSON.stringify(result));
  fs.writeFileSync(path.join(__dirname, '..', 'screenshots', 'scanner-bench.json'), JSON.stringify(result, null, 2));
  expect(read).toBeGreaterThan(0);
});

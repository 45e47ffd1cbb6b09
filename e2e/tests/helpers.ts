import { Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

// What several specs share.

/** A resident ID number with a correct check character. */
export const VALID_ID = '11010519491231002X';

export const jsOn = (project: string) => !project.endsWith('-nojs');

/** A screenshot in e2e/screenshots, to look at as a person would. */
export async function shoot(page: Page, name: string, fullPage = true) {
  const dir = path.join(__dirname, '..', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

/** Holds the WASM back, as a slow network would, until the returned
 * function is called (routing also keeps it out of the HTTP cache). */
export async function holdWasm(page: Page): Promise<() => void> {
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/*.wasm', async (route) => {
    await arrived;
    await route.continue();
  });
  return release;
}

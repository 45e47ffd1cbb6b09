import { test, expect } from '@playwright/test';

// The browser checks identity numbers with the same rule as the server
// (the domain's validators in WASM), with the hall's day from the server:
// a birth date after today has its own message; an ID typed with spaces,
// full-width digits and a lower-case x is fine.

test('an ID typed the way input methods type it passes; a future birth date is named as such', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the island runs the same everywhere: checked on a phone with JS');
  await page.goto('/matters/GA-HJ-001/apply');
  await page.getByTestId('start').click();
  // Hydration can take a while when the other worker keeps both cores busy.
  await expect(page.locator('[data-enhanced="true"]')).toBeAttached({ timeout: 30_000 });
  const id = page.locator('[name="applicant_id"]');
  const error = page.locator('#field-applicant_id-error');

  await id.fill('110105203012310026');
  await page.locator('[name="applicant_mobile"]').focus();
  await expect(error).toContainText('晚于今天');

  await id.fill('１１０１ ０５１９ ４９１２ ３１００ ２ｘ');
  await page.locator('[name="applicant_mobile"]').focus();
  await expect(error).toHaveCount(0);

  await id.fill('440524188001010014');
  await page.locator('[name="applicant_mobile"]').focus();
  await page.waitForTimeout(500);
  await expect(error).toHaveCount(0);
});

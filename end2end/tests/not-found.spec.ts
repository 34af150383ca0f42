import { expect, test } from '@playwright/test';
import { Shell } from '../pages/Shell';

test('an unknown path shows the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');

  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(new Shell(page).heading).toHaveText(/页面不存在|Page not found/);
});

import { expect, test } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { ZHANG_WEI } from '../pages/api';

test('logging out returns to login and the policies then need a login again', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logInAs(ZHANG_WEI.phone);

  await new Shell(page).logout.click();

  await expect(page).toHaveURL(/\/login/);
  await page.goto('/policies');
  await expect(page).toHaveURL(/\/login/);
  await expect(login.phone).toBeVisible();
});

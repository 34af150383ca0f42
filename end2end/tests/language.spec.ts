import { expect, test } from '@playwright/test';
import { pageLang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';

test('switching to English changes the heading and survives a reload', async ({ page }) => {
  await new LoginPage(page).goto();
  const shell = new Shell(page);
  if ((await pageLang(page)) === 'en') {
    // Start from Chinese, the default, whatever the browser's locale.
    await shell.langSwitch.click();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(shell.heading).toHaveText('登录');
  await expect(shell.langSwitch).toHaveText('English');

  await shell.langSwitch.click();

  await expect(shell.heading).toHaveText('Log in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(shell.langSwitch).toHaveText('中文');
  await page.reload();
  await expect(shell.heading).toHaveText('Log in');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

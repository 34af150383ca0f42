import { expect, test } from '@playwright/test';
import { pick } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { PoliciesPage } from '../pages/PoliciesPage';
import { Shell } from '../pages/Shell';
import { ZHANG_WEI } from '../pages/api';
import { exclusiveOtp } from '../pages/otpLock';

test('a demo policyholder logs in with the shown code and sees five policies', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await expect(new Shell(page).heading).toHaveText(await pick(page, '登录', 'Log in'));
  await expect(login.demoAccounts).toBeVisible();

  await login.logInAs(ZHANG_WEI.phone);

  const policies = new PoliciesPage(page);
  await expect(policies.items).toHaveCount(5);
  await expect(new Shell(page).userName).toContainText(ZHANG_WEI.name);
});

test('a wrong code shows the translated field error and stays on login', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await exclusiveOtp(ZHANG_WEI.phone, async () => {
    const shown = await login.requestCode(ZHANG_WEI.phone);
    const wrong = String((Number(shown) + 1) % 1_000_000).padStart(6, '0');

    await login.enterCode(wrong);

    await expect(login.codeError).toHaveText(
      await pick(page, '验证码不正确，请重新输入。', 'That code is not right. Please try again.'),
    );
  });
  await expect(page).toHaveURL(/\/login/);
});

test('a malformed phone number shows its field error', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();

  await login.phone.fill('12345');
  await login.sendCode.click();

  await expect(login.phoneError).toHaveText(
    await pick(page, '手机号码应为 11 位数字，以 1 开头。', 'A mobile number has 11 digits and starts with 1.'),
  );
  await expect(page).toHaveURL(/\/login/);
});

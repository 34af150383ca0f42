import { expect, test } from '@playwright/test';
import { pick } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { PoliciesPage } from '../pages/PoliciesPage';
import { PolicyPage } from '../pages/PolicyPage';
import { LI_NA, ZHANG_WEI, apiLogIn, ownPolicyIds } from '../pages/api';

test('a policy in the list opens its detail with number, status and sum insured', async ({ page }) => {
  await new LoginPage(page).goto();
  await new LoginPage(page).logInAs(ZHANG_WEI.phone);
  const first = new PoliciesPage(page).items.first();
  const itemText = (await first.textContent()) ?? '';

  await first.click();

  await expect(page).toHaveURL(/\/policies\/\d+$/);
  const policy = new PolicyPage(page);
  await expect(policy.detail).toBeVisible();
  const number = ((await policy.number.textContent()) ?? '').trim();
  expect(number).not.toBe('');
  expect(itemText).toContain(number);
  await expect(policy.status).not.toBeEmpty();
  await expect(policy.sumInsured).toHaveText(/¥\d{1,3}(,\d{3})*\.\d{2}/);
});

test("another person's policy id shows policy-not-found", async ({ page, baseURL }) => {
  const liNa = await apiLogIn(baseURL ?? '', LI_NA.phone);
  const [herPolicy] = await ownPolicyIds(liNa);
  await liNa.dispose();
  expect(herPolicy).toBeDefined();

  await new LoginPage(page).goto();
  await new LoginPage(page).logInAs(ZHANG_WEI.phone);
  const policy = new PolicyPage(page);
  await policy.goto(herPolicy);

  await expect(policy.notFound).toBeVisible();
  await expect(policy.notFound).toContainText(
    await pick(page, '找不到该保单', 'We could not find that policy'),
  );
  await expect(policy.detail).toHaveCount(0);
});

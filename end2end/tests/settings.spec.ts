import { expect, test } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { projectLang, texts } from '../pages/lang';
import { logInPage } from '../pages/live';
import { SettingsPage } from '../pages/SettingsPage';
import { Shell } from '../pages/Shell';

const T = {
  title: texts('通知设置', 'Notification settings'),
  emailInvalid: texts(
    '邮箱地址格式不对，例如 zhang.wei@example.com。',
    'That is not an email address, for example zhang.wei@example.com.',
  ),
  linkInvalid: texts('这个确认链接无效', 'This confirmation link is not valid'),
};

type Settings = {
  available: string[];
  required_by_sms: string[];
  choices: { sms: boolean; email: boolean; wechat: boolean };
};

test('the settings page lists the steps always sent by text, offers only configured channels and saves the choices', async ({
  page,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  await logInPage(page, ZHANG_WEI.phone);
  const answer = await page.request.get('/api/v1/me/notifications', { headers: { 'Accept-Language': lang } });
  expect(answer.status(), await answer.text()).toBe(200);
  const settings: Settings = await answer.json();

  const shell = new Shell(page);
  const screen = new SettingsPage(page);
  await page.goto('/inbox');
  await shell.useLanguage(lang);
  await page.getByTestId('settings-link').click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(shell.heading).toHaveText(T.title(lang));
  await expect(screen.requiredBySms.getByRole('listitem')).toHaveCount(settings.required_by_sms.length);
  await expect(screen.requiredBySms).toContainText(settings.required_by_sms[0]);
  for (const channel of ['sms', 'email', 'wechat'] as const) {
    await expect(screen.choice(channel)).toHaveCount(settings.available.includes(channel) ? 1 : 0);
  }

  // Nothing to choose (only the inbox is offered): the page says so instead of a save button.
  if (!settings.available.some((channel) => channel !== 'inbox')) {
    await expect(screen.noOtherChannel).toBeVisible();
    await expect(screen.save).toHaveCount(0);
    return;
  }
  await expect(screen.noOtherChannel).toHaveCount(0);

  // Text messages, when offered, can be turned off and on again; either way saving says so.
  const sms = settings.available.includes('sms');
  if (sms) await screen.choice('sms').setChecked(!settings.choices.sms);
  await screen.save.click();
  await expect(screen.saved).toBeVisible();
  if (sms) {
    // A change after saving is not saved yet: the page stops saying so.
    await screen.choice('sms').setChecked(settings.choices.sms);
    await expect(screen.saved).toHaveCount(0);
    await screen.choice('sms').setChecked(!settings.choices.sms);
    await page.reload();
    await expect(screen.choice('sms')).toBeChecked({ checked: !settings.choices.sms });
    await screen.choice('sms').setChecked(settings.choices.sms);
    await screen.save.click();
    await expect(screen.saved).toBeVisible();
  }
});

test('a bad email address is refused next to the field, in the reader’s language', async ({ page }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  await logInPage(page, ZHANG_WEI.phone);
  const settings: Settings = await (await page.request.get('/api/v1/me/notifications')).json();
  // `cargo xtask test` starts its server with email configured (xtask/src/test.rs, E2E_NOTIFY).
  expect(settings.available, 'email is configured on the test server').toContain('email');
  const shell = new Shell(page);
  const screen = new SettingsPage(page);
  await screen.goto();
  await shell.useLanguage(lang);
  await screen.emailInput.fill('zhang.wei@');
  await screen.emailSend.click();
  await expect(screen.emailError).toHaveText(T.emailInvalid(lang));

  await screen.emailInput.fill('zhang.wei@example.com');
  await screen.emailSend.click();
  await expect(screen.emailError).toHaveCount(0);
  await expect(screen.emailPending).toContainText('zhang.wei@example.com');
  await page.reload();
  await expect(screen.emailPending).toContainText('zhang.wei@example.com');
});

test('a forged confirmation link says so, without a session', async ({ browser }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const context = await browser.newContext();
  const page = await context.newPage();
  const screen = new SettingsPage(page);
  await page.goto('/settings/email/not-a-real-token');
  await new Shell(page).useLanguage(lang);
  await expect(screen.confirmFailed).toContainText(T.linkInvalid(lang));
  await context.close();
});

test('a confirmation that could not reach the server can be tried again; a refused link cannot', async ({
  browser,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const context = await browser.newContext();
  const page = await context.newPage();
  const screen = new SettingsPage(page);
  let cut = true;
  await page.route('**/api/v1/me/email/confirm', (route) => (cut ? route.abort('connectionreset') : route.continue()));
  await page.goto('/settings/email/not-a-real-token');
  await new Shell(page).useLanguage(lang);
  await expect(screen.confirmRetry).toBeVisible();
  cut = false;
  await screen.confirmRetry.click();
  await expect(screen.confirmFailed).toContainText(T.linkInvalid(lang));
  await expect(screen.confirmRetry).toHaveCount(0);
  await context.close();
});

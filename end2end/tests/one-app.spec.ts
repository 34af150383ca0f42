import { expect, test, type Page } from '@playwright/test';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { ZHANG_WEI } from '../pages/api';
import { reportClaim } from '../pages/claimsApi';
import { fileOwnComplaint } from '../pages/complaintsApi';
import { countDocumentLoads } from '../pages/documents';

/** What each section shows once it is up. */
const screens = {
  policies: (page: Page) => page.getByTestId('policy-item').first(),
  complaints: (page: Page) => page.getByTestId('new-complaint'),
  claims: (page: Page) => page.getByTestId('new-claim'),
  inbox: (page: Page) => page.getByTestId('mark-all-read'),
  channels: (page: Page) => page.getByTestId('channel-hotline'),
  complaint: (page: Page) => page.getByTestId('complaint-status'),
  claim: (page: Page) => page.getByTestId('claim-status'),
  policy: (page: Page) => page.getByTestId('policy-detail'),
};

test('the login page asks who is logged in without an error in the console', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const session = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await page.goto('/login');
  expect((await session).status()).toBe(200);
  await expect(new LoginPage(page).phone).toBeVisible();
  await expect(new LoginPage(page).demoAccounts).toBeVisible();
  expect(errors).toEqual([]);
});

test('moving between sections never loads a page, and Back and Forward retrace every move', async ({
  page,
}) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logInAs(ZHANG_WEI.phone);
  await expect(screens.policies(page)).toBeVisible();
  const loads = countDocumentLoads(page);
  const shell = new Shell(page);

  const moves = [
    { link: shell.navComplaints, url: /\/complaints$/, screen: screens.complaints },
    { link: shell.navClaims, url: /\/claims$/, screen: screens.claims },
    { link: shell.navInbox, url: /\/inbox$/, screen: screens.inbox },
    { link: shell.navChannels, url: /\/channels$/, screen: screens.channels },
    { link: shell.navPolicies, url: /\/policies$/, screen: screens.policies },
  ];
  for (const move of moves) {
    await move.link.click();
    await expect(page).toHaveURL(move.url);
    await expect(move.screen(page)).toBeVisible();
  }
  // Into a record and out again.
  await screens.policies(page).click();
  await expect(page).toHaveURL(/\/policies\/\d+$/);
  await expect(screens.policy(page)).toBeVisible();

  // Back through every move, then Forward again.
  const visited = [{ url: /\/policies$/, screen: screens.policies }, ...moves.slice(0, -1).reverse()];
  for (const step of visited) {
    await page.goBack();
    await expect(page).toHaveURL(step.url);
    await expect(step.screen(page)).toBeVisible();
  }
  await page.goBack();
  await expect(page).toHaveURL(/\/policies$/);
  for (const move of moves.slice(0, 2)) {
    await page.goForward();
    await expect(page).toHaveURL(move.url);
    await expect(move.screen(page)).toBeVisible();
  }

  expect(loads(), 'page loads while moving between screens').toEqual([]);
});

test('a deep link opens its screen cold, with a session and without one', async ({ browser, page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logInAs(ZHANG_WEI.phone);
  // The browser's own session creates the records: the links are this person's.
  const complaint = await fileOwnComplaint(page.request);
  const claim = await reportClaim(page.request, 'auto');
  const links = [
    { path: `/complaints/${complaint.id}`, screen: screens.complaint },
    { path: `/claims/${claim.id}`, screen: screens.claim },
    { path: '/inbox', screen: screens.inbox },
    { path: '/claims', screen: screens.claims },
  ];

  // Logged in: a new tab of the same browser opens each link straight on its screen.
  for (const link of links) {
    const tab = await page.context().newPage();
    await tab.goto(link.path);
    await expect(link.screen(tab)).toBeVisible();
    await expect(tab).toHaveURL(new RegExp(`${link.path}$`));
    await tab.close();
  }

  // Without a session: the login page, then the asked-for screen, and Back does not return to
  // the login page's redirect.
  for (const link of links) {
    const stranger = await browser.newContext();
    const tab = await stranger.newPage();
    await tab.goto(link.path);
    await expect(tab).toHaveURL(/\/login\?next=/);
    const loginHere = new LoginPage(tab);
    await expect(loginHere.phone).toBeVisible();
    const loads = countDocumentLoads(tab);
    await loginHere.logInAs(ZHANG_WEI.phone, new RegExp(`${link.path}$`));
    await expect(link.screen(tab)).toBeVisible();
    expect(loads(), 'logging in moves to the screen without a page load').toEqual([]);
    await stranger.close();
  }
});

test('a screen whose code cannot be downloaded says so and offers a reload that works', async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logInAs(ZHANG_WEI.phone);
  await expect(screens.policies(page)).toBeVisible();

  // A fresh tab, cold: every chunk download fails as on a dropped connection (the loader
  // retries, then gives up).
  const tab = await page.context().newPage();
  const chunk = /\/pkg-[0-9a-f]{16}\/(split|chunk)_[^/]*\.wasm$/;
  const attempts = new Map<string, number>();
  await tab.route(chunk, (route) => {
    const url = route.request().url();
    attempts.set(url, (attempts.get(url) ?? 0) + 1);
    return route.abort('connectionreset');
  });
  await tab.goto('/inbox');
  const banner = tab.getByTestId('chunk-failed');
  await expect(banner).toBeVisible();
  await expect(banner).toHaveAttribute('role', 'alert');
  expect(Math.max(...attempts.values()), 'a chunk was tried three times before giving up').toBeGreaterThanOrEqual(3);

  // The network is back: the banner's button reloads the page, which then works.
  await tab.unroute(chunk);
  await banner.getByRole('button').click();
  await expect(screens.inbox(tab)).toBeVisible();
  await expect(tab.getByTestId('chunk-failed')).toHaveCount(0);
});

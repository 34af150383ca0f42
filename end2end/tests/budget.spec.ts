import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { ZHANG_WEI } from '../pages/api';
import { reportClaim } from '../pages/claimsApi';
import { fileOwnComplaint } from '../pages/complaintsApi';
import { exclusiveOtp } from '../pages/otpLock';
import { StaffApi } from '../pages/staff';
import { closedComplaint, surveyLink } from '../pages/surveysApi';
import { TransferLog, total, type Transfer } from '../pages/transfer';

// What a phone downloads (brotli, as Chromium received it; API JSON not counted) to show a
// screen, cold. 张伟's records are used: 李娜's complaints list must stay empty for other specs.
// The suite fails above these limits; `cargo xtask bench` prints the same figures against the
// (lower) budgets of the one-app issue. The deep-link limit is a guard against growth, not the
// issue's 260 KB: a deep link needs the main module (about 190 KB) and its section's chunks
// (complaints about 195 KB, claims about 240 KB) and no split of today's code gets it there.
const LOGIN_LIMIT = 200_000;
const DEEP_LINK_LIMIT = 480_000;
// The move from the policies to a claim: its code was fetched while the policies showed.
const MOVE_LIMIT = 100_000;

test.skip(({ isMobile }) => !isMobile, 'measured once, on the phone');

/** Adds one figure to the bench's report (BUDGET_REPORT, JSON lines), if asked. */
function report(load: string, transfers: Transfer[]): number {
  const bytes = total(transfers);
  const path = process.env.BUDGET_REPORT;
  if (path) appendFileSync(path, `${JSON.stringify({ load, bytes, transfers })}\n`);
  return bytes;
}

/** Opens `path` in `page` and returns what it transferred until `screen` was up. */
async function coldLoad(page: Page, path: string, screen: (page: Page) => Locator): Promise<Transfer[]> {
  const log = await TransferLog.attach(page);
  await page.goto(path);
  await expect(screen(page)).toBeVisible();
  return log.appTransfers();
}

/** A fresh context (an empty cache) whose cookie jar holds a session of `phone`. */
async function loggedInContext(browser: Browser, phone: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await exclusiveOtp(phone, async () => {
    const otp = await context.request.post('/api/v1/auth/otp', { data: { phone } });
    expect(otp.ok(), await otp.text()).toBeTruthy();
    const { demo_code } = await otp.json();
    const login = await context.request.post('/api/v1/auth/login', { data: { phone, code: demo_code } });
    expect(login.ok(), await login.text()).toBeTruthy();
  });
  return context;
}

test('the login page, cold, stays within its limit', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const transfers = await coldLoad(page, '/login', (p) => new LoginPage(p).phone);
  const bytes = report('/login, cold', transfers);
  expect(bytes, JSON.stringify(transfers)).toBeLessThanOrEqual(LOGIN_LIMIT);
  await context.close();
});

test('every deep link, cold and logged in, stays within its limit', async ({ browser }) => {
  const setup = await loggedInContext(browser, ZHANG_WEI.phone);
  const complaint = await fileOwnComplaint(setup.request);
  const claim = await reportClaim(setup.request, 'auto');
  await setup.close();
  const links = [
    { path: `/complaints/${complaint.id}`, name: '/complaints/{id}', screen: (p: Page) => p.getByTestId('complaint-status') },
    { path: `/claims/${claim.id}`, name: '/claims/{id}', screen: (p: Page) => p.getByTestId('claim-status') },
    { path: '/inbox', name: '/inbox', screen: (p: Page) => p.getByTestId('mark-all-read') },
  ];
  const measured: Array<{ path: string; bytes: number; transfers: Transfer[] }> = [];
  for (const link of links) {
    const context = await loggedInContext(browser, ZHANG_WEI.phone);
    const page = await context.newPage();
    const transfers = await coldLoad(page, link.path, link.screen);
    measured.push({ path: link.path, bytes: report(`${link.name}, cold, logged in`, transfers), transfers });
    await context.close();
  }
  for (const { path, bytes, transfers } of measured) {
    expect(bytes, `${path}: ${JSON.stringify(transfers)}`).toBeLessThanOrEqual(DEEP_LINK_LIMIT);
  }
});

test('the survey link of a message, cold and without a session, stays within its limit', async ({
  browser,
  baseURL,
}, testInfo) => {
  const staff = await StaffApi.logIn(baseURL ?? '');
  let link: string;
  try {
    const { invitationId } = await closedComplaint(
      baseURL ?? '',
      ZHANG_WEI.phone,
      staff,
      `请退还多收的保费（${testInfo.testId}）。`,
    );
    link = await surveyLink(staff.api, invitationId);
  } finally {
    await staff.dispose();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  const transfers = await coldLoad(page, link, (p) => p.getByTestId('survey-title'));
  const bytes = report('/s/{token}, cold, no session', transfers);
  expect(bytes, JSON.stringify(transfers)).toBeLessThanOrEqual(DEEP_LINK_LIMIT);
  await context.close();
});

test('after login, moving from the policies to a claim fetches little besides its data', async ({ browser }) => {
  const setup = await loggedInContext(browser, ZHANG_WEI.phone);
  const claim = await reportClaim(setup.request, 'auto');
  await setup.close();
  const context = await browser.newContext();
  const page = await context.newPage();
  const log = await TransferLog.attach(page);
  const login = new LoginPage(page);
  await login.goto();
  await login.logInAs(ZHANG_WEI.phone);
  await expect(page.getByTestId('policy-item').first()).toBeVisible();
  // What the policies screen fetched in the background (the sections' code) has arrived.
  await expect(page.getByTestId('sections-preloaded')).toBeAttached();
  await log.appTransfers();
  const before = log.mark();

  await new Shell(page).navClaims.click();
  await page.getByTestId('claim-item').filter({ hasText: claim.claim_number }).click();
  await expect(page.getByTestId('claim-status')).toBeVisible();

  const transfers = await log.appTransfers(log.mark(), before);
  const bytes = report('policies → a claim page, after login', transfers);
  expect(bytes, JSON.stringify(transfers)).toBeLessThanOrEqual(MOVE_LIMIT);
  await context.close();
});

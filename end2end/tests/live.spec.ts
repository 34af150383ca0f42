import { expect, test, type Page } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { ComplaintPage } from '../pages/ComplaintPage';
import { fileOwnComplaint } from '../pages/complaintsApi';
import { InboxPage } from '../pages/InboxPage';
import { liveMode, logInPage, markDocument, stillSameDocument, waitUntilLive, withoutEventSource } from '../pages/live';
import { Shell } from '../pages/Shell';
import { StaffApi } from '../pages/staff';

// The promise: a step staff take shows on the person's open page within 2 seconds,
// without a reload, through the event stream and, where a webview breaks it, by polling.
const WITHIN_MS = 2_000;

/** The unread count on the inbox link (0 when the badge is absent). */
async function unread(shell: Shell): Promise<number> {
  if ((await shell.unreadCount.count()) === 0) return 0;
  return Number((await shell.unreadCount.textContent())?.trim() ?? '0');
}

/** Opens a new complaint's page, waits until it follows notices, and has staff accept it. */
async function staffStepWhileOpen(page: Page, baseURL: string, mode: 'stream' | 'polling'): Promise<void> {
  await logInPage(page, ZHANG_WEI.phone);
  const complaint = await fileOwnComplaint(page.request);
  const casePage = new ComplaintPage(page);
  const shell = new Shell(page);
  await casePage.goto(complaint.id);
  await expect(casePage.status).toBeVisible();
  await waitUntilLive(page, mode);
  const entries = await casePage.timelineEntries.count();
  await markDocument(page);

  const staff = await StaffApi.logIn(baseURL);
  try {
    await staff.act(complaint.id, { action: 'accept' });
    const acted = Date.now();
    await expect(casePage.timelineEntries).toHaveCount(entries + 1, { timeout: WITHIN_MS });
    test.info().annotations.push({ type: 'shown after', description: `${Date.now() - acted} ms (${mode})` });
  } finally {
    await staff.dispose();
  }
  expect(await stillSameDocument(page), 'no reload').toBe(true);
  // The accept notice is unread: the badge counts it (other tests of 张伟 change the number).
  await expect.poll(() => unread(shell), { timeout: WITHIN_MS }).toBeGreaterThan(0);
}

test('a step staff take shows on the open case page within 2 s, through the event stream', async ({
  page,
  baseURL,
}) => {
  await staffStepWhileOpen(page, baseURL!, 'stream');
});

test('without EventSource (a webview that lacks it) the page polls and still shows the step within 2 s', async ({
  page,
  baseURL,
}) => {
  await withoutEventSource(page);
  await staffStepWhileOpen(page, baseURL!, 'polling');
});

test('a stream the network keeps cutting gives way to polling', async ({ page }) => {
  await page.route('**/api/v1/inbox/stream**', (route) => route.abort('connectionreset'));
  await logInPage(page, ZHANG_WEI.phone);
  const inbox = new InboxPage(page);
  await inbox.goto();
  await expect(inbox.markAllRead).toBeVisible();
  // Three failed tries, a few seconds apart, then polling.
  await expect(page.getByTestId('live-mode')).toHaveAttribute('data-live', 'polling', { timeout: 20_000 });
});

test('a new notice is added to the open inbox and counted, without a reload', async ({ page, baseURL }) => {
  await logInPage(page, ZHANG_WEI.phone);
  const complaint = await fileOwnComplaint(page.request);
  const inbox = new InboxPage(page);
  await inbox.goto();
  await expect(inbox.markAllRead).toBeVisible();
  await waitUntilLive(page, 'stream');
  await markDocument(page);
  const staff = await StaffApi.logIn(baseURL!);
  try {
    await staff.act(complaint.id, { action: 'accept' });
  } finally {
    await staff.dispose();
  }
  // The registration's notice was there already; the acceptance's joins it.
  const ofCase = inbox.items.filter({ hasText: complaint.case_number });
  await expect(ofCase).toHaveCount(2, { timeout: WITHIN_MS });
  await expect(ofCase.first()).toHaveAttribute('data-unread', 'true');
  expect(await stillSameDocument(page), 'no reload').toBe(true);
});

/** Makes the page look hidden or shown again, as switching tabs or apps does. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('a hidden page holds no stream and catches up on the notices it missed when shown again', async ({
  page,
  baseURL,
}) => {
  await logInPage(page, ZHANG_WEI.phone);
  const complaint = await fileOwnComplaint(page.request);
  const inbox = new InboxPage(page);
  await inbox.goto();
  await expect(inbox.markAllRead).toBeVisible();
  await waitUntilLive(page, 'stream');
  const ofCase = inbox.items.filter({ hasText: complaint.case_number });
  await expect(ofCase).toHaveCount(1);
  await markDocument(page);

  await setHidden(page, true);
  await expect(liveMode(page)).toHaveAttribute('data-live', 'paused');
  const staff = await StaffApi.logIn(baseURL!);
  try {
    await staff.act(complaint.id, { action: 'accept' });
  } finally {
    await staff.dispose();
  }
  // Nothing arrives while hidden (no connection is held).
  await page.waitForTimeout(1_000);
  await expect(ofCase).toHaveCount(1);
  await expect(liveMode(page)).toHaveAttribute('data-live', 'paused');

  await setHidden(page, false);
  await expect(ofCase).toHaveCount(2, { timeout: WITHIN_MS });
  await waitUntilLive(page, 'stream');
  expect(await stillSameDocument(page), 'no reload').toBe(true);
});

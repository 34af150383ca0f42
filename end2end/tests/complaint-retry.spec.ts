import { expect, test } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { ComplaintFormPage } from '../pages/ComplaintFormPage';
import { projectLang, texts, type Lang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { ReceiptPage } from '../pages/ReceiptPage';
import { Shell } from '../pages/Shell';

const T = {
  myself: texts('本人', 'Myself'),
  policyService: texts('保全服务', 'Policy service'),
};

function isFiling(method: string, url: string): boolean {
  return method === 'POST' && new URL(url).pathname === '/api/v1/complaints';
}

test('a submit whose answer is lost on the network, sent again, makes one complaint', async ({
  page,
}, testInfo) => {
  const lang: Lang = projectLang(testInfo.project.name);
  const login = new LoginPage(page);
  await login.goto();
  await new Shell(page).useLanguage(lang);
  await login.logInAs(ZHANG_WEI.phone);

  const form = new ComplaintFormPage(page);
  await form.goto();
  await form.waitForPrefill();
  await form.filedAs(T.myself(lang)).check();
  await form.category.selectOption({ label: T.policyService(lang) });
  await form.about.fill(lang === 'en' ? 'Policy service desk' : '保全柜台');
  await form.request.fill(lang === 'en' ? 'Change the beneficiary.' : '请办理受益人变更。');
  await form.facts.fill(lang === 'en' ? 'I applied a month ago.' : '一个月前已提交申请。');

  // The server files the first submit, but its answer never reaches the phone.
  const keys: string[] = [];
  let firstReceiptId: number | undefined;
  await page.route('**/api/v1/complaints', async (route) => {
    const req = route.request();
    if (!isFiling(req.method(), req.url())) return route.continue();
    keys.push((await req.headerValue('idempotency-key')) ?? '');
    if (firstReceiptId === undefined) {
      const answer = await route.fetch();
      expect(answer.status()).toBe(201);
      firstReceiptId = (await answer.json()).id;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  const lost = page.waitForEvent('requestfailed', (r) => isFiling(r.method(), r.url()));
  await form.submit.click();
  await lost;
  await expect(page).toHaveURL(/\/complaints\/new$/);

  // Tapping again sends the same key and gets the same complaint's receipt.
  await form.submit.click();
  await expect(page).toHaveURL(/\/complaints\/\d+\/receipt$/);
  const receipt = new ReceiptPage(page);
  expect(receipt.complaintId()).toBe(firstReceiptId);
  await expect(receipt.caseNumber).toHaveText(/^\s*TS\d{14}\s*$/);
  expect(keys).toHaveLength(2);
  expect(keys[0]).not.toBe('');
  expect(keys[1]).toBe(keys[0]);
});

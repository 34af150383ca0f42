import { expect, test } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { ComplaintFormPage } from '../pages/ComplaintFormPage';
import { ComplaintPage } from '../pages/ComplaintPage';
import { ComplaintsPage } from '../pages/ComplaintsPage';
import { projectLang, texts, type Lang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { ReceiptPage } from '../pages/ReceiptPage';
import { Shell } from '../pages/Shell';
import { StaffApi } from '../pages/staff';

const T = {
  myself: texts('本人', 'Myself'),
  service: texts('服务态度', 'Service attitude'),
  registered: texts('已登记', 'Registered'),
  withdrawn: texts('已撤回', 'Withdrawn'),
  withdrawnTitle: texts('投诉已撤回', 'Your complaint was withdrawn'),
  withdraw: texts('撤回投诉', 'Withdraw'),
};

test('a complaint filed as oneself is withdrawn from its page; staff can no longer accept it', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang: Lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const shell = new Shell(page);
  const login = new LoginPage(page);
  await login.goto();
  await shell.useLanguage(lang);
  await login.logInAs(ZHANG_WEI.phone);

  const form = new ComplaintFormPage(page);
  await form.goto();
  await form.waitForPrefill();
  await form.filedAs(t(T.myself)).check();
  await form.about.fill(lang === 'en' ? 'Customer service centre' : '客服中心');
  await form.category.selectOption({ label: t(T.service) });
  await form.request.fill(lang === 'en' ? 'An apology.' : '请向我道歉。');
  await form.facts.fill(lang === 'en' ? 'The hotline hung up on me twice.' : '客服热线两次挂断我的电话。');
  await form.submit.click();

  await expect(page).toHaveURL(/\/complaints\/\d+\/receipt$/);
  const receipt = new ReceiptPage(page);
  const complaintId = receipt.complaintId();
  const caseNumber = ((await receipt.caseNumber.textContent()) ?? '').trim();
  expect(caseNumber).toMatch(/^TS\d{14}$/);

  // It is in "my complaints" (whatever else is there).
  const list = new ComplaintsPage(page);
  await shell.navComplaints.click();
  await expect(list.item(caseNumber)).toHaveCount(1);
  await expect(list.item(caseNumber)).toContainText(t(T.registered));
  await expect(list.item(caseNumber)).toHaveAttribute('href', new RegExp(`/complaints/${complaintId}$`));
  await list.item(caseNumber).click();

  // Withdraw, with the inline confirmation.
  const complaint = new ComplaintPage(page);
  await expect(complaint.status).toHaveText(t(T.registered));
  await expect(complaint.withdraw).toHaveText(t(T.withdraw));
  await complaint.withdraw.click();
  await expect(complaint.withdrawConfirm).toBeVisible();
  await expect(complaint.status).toHaveText(t(T.registered));
  await complaint.withdrawConfirm.click();

  await expect(complaint.status).toHaveText(t(T.withdrawn));
  await expect(complaint.entry(t(T.withdrawnTitle))).toHaveCount(1);
  await expect(complaint.withdraw).toHaveCount(0);
  await page.reload();
  await expect(complaint.status).toHaveText(t(T.withdrawn));
  await expect(complaint.withdraw).toHaveCount(0);

  // Too late for customer service to accept it.
  const staff = await StaffApi.logIn(baseURL ?? '');
  const refused = await staff.tryAct(complaintId, { action: 'accept' });
  expect(refused.status(), await refused.text()).toBe(409);
  expect((await refused.json()).code).toBe('transition_not_allowed');
  expect((await staff.complaint(complaintId)).status).toBe('withdrawn');
  await staff.dispose();

  await shell.navComplaints.click();
  await expect(list.item(caseNumber)).toContainText(t(T.withdrawn));
});

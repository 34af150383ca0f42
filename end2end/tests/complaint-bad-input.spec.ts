import { expect, test } from '@playwright/test';
import { LI_NA, ZHANG_WEI, apiLogIn } from '../pages/api';
import { ChannelsPage } from '../pages/ChannelsPage';
import { ComplaintFormPage } from '../pages/ComplaintFormPage';
import { ComplaintPage } from '../pages/ComplaintPage';
import { ComplaintsPage } from '../pages/ComplaintsPage';
import { fileOwnComplaint, ownComplaints } from '../pages/complaintsApi';
import { pngFile, textPretendingToBeJpeg } from '../pages/files';
import { makeIdNumber } from '../pages/idNumber';
import { projectLang, texts, type Lang } from '../pages/lang';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { chooseFile, uploadFile } from '../pages/uploads';

// 李娜 files nothing anywhere in the suite: her list must stay empty.

const T = {
  agent: texts('受托人', 'Authorised agent'),
  heir: texts('继承人', 'Heir'),
  group: texts('集体投诉', 'Group of consumers'),
  myself: texts('本人', 'Myself'),
  other: texts('其他', 'Other'),
  powerOfAttorneyRequired: texts(
    '代他人投诉，需上传签字的授权委托书。',
    'An agent must upload the signed power of attorney.',
  ),
  fileTypeNotAllowed: texts(
    '只能上传照片（JPEG、PNG、WebP、HEIC）或 PDF 文件。',
    'Only photos (JPEG, PNG, WebP, HEIC) and PDF files can be uploaded.',
  ),
  notFound: texts('找不到该投诉', 'We could not find that complaint'),
  channels: texts('投诉渠道', 'Complaint channels'),
};

async function logIn(page: import('@playwright/test').Page, lang: Lang, phone: string): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await new Shell(page).useLanguage(lang);
  await login.logInAs(phone);
}

test('an agent without a power of attorney gets the field error, nothing is filed, and the draft survives a reload', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  await logIn(page, lang, LI_NA.phone);

  const form = new ComplaintFormPage(page);
  await form.goto();
  await form.waitForPrefill();
  await form.filedAs(t(T.agent)).check();
  await form.actingName.fill('赵强');
  await form.actingIdNumber.fill(makeIdNumber());
  await form.actingPhone.fill('13600136000');
  await form.about.fill(lang === 'en' ? 'The agent who sold the policy' : '销售保单的代理人');
  await form.category.selectOption({ label: t(T.other) });
  const requestText = `${lang === 'en' ? 'Explain the charges' : '请说明扣费原因'} ${testInfo.project.name}`;
  await form.request.fill(requestText);
  await form.facts.fill(lang === 'en' ? 'Nobody told me about the fee.' : '没有人告诉过我这笔费用。');
  await uploadFile(page, form.attachments, pngFile('statement.png'));
  await expect(form.attachmentItems).toHaveCount(1);
  await expect(form.draftSaved).toBeVisible();

  const filing = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/complaints',
  );
  await form.submit.click();
  expect((await filing).status()).toBe(422);

  await expect(form.fieldError('power_of_attorney')).toHaveText(t(T.powerOfAttorneyRequired));
  await expect(form.formError).toBeVisible();
  await expect(page).toHaveURL(/\/complaints\/new$/);

  // Nothing was filed for her.
  const api = await apiLogIn(baseURL ?? '', LI_NA.phone);
  expect(await ownComplaints(api)).toEqual([]);
  await api.dispose();
  const list = new ComplaintsPage(page);
  await list.goto();
  await expect(list.empty).toBeVisible();
  await expect(list.items).toHaveCount(0);

  // Nothing lost: the draft is still there after a reload.
  await form.goto();
  await page.reload();
  await expect(form.request).toHaveValue(requestText);
  await expect(form.draftSaved).toBeVisible();
  await expect(form.filedAs(t(T.agent))).toBeChecked();
  await expect(form.attachmentItems).toHaveCount(1);
  await expect(form.attachmentItems).toContainText('statement.png');

  // Discarding the draft empties the form, for good.
  await form.draftDiscard.click();
  await expect(form.request).toHaveValue('');
  await expect(form.attachmentItems).toHaveCount(0);
  await page.reload();
  await form.waitForPrefill();
  await expect(form.request).toHaveValue('');
});

test('the form asks what each kind of filer needs, and a group names at most 5 representatives', async ({
  page,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  await logIn(page, lang, LI_NA.phone);
  const form = new ComplaintFormPage(page);
  await form.goto();
  await form.waitForPrefill();

  await form.filedAs(t(T.myself)).check();
  await expect(form.actingName).toHaveCount(0);
  await expect(form.powerOfAttorney).toHaveCount(0);

  await form.filedAs(t(T.heir)).check();
  await expect(form.actingName).toBeVisible();
  await expect(form.successionProof).toHaveCount(1);
  await expect(form.powerOfAttorney).toHaveCount(0);

  await form.filedAs(t(T.agent)).check();
  await expect(form.powerOfAttorney).toHaveCount(1);
  await expect(form.successionProof).toHaveCount(0);

  await form.filedAs(t(T.group)).check();
  await expect(form.actingName).toHaveCount(0);
  for (let rows = await form.repRows.count(); rows < 5; rows++) {
    await form.repAdd.click();
    await expect(form.repRows).toHaveCount(rows + 1);
  }
  await expect(form.repRows).toHaveCount(5);
  await expect(form.repAdd).toHaveCount(0);
  await form.repRows.nth(4).getByTestId('rep-remove').click();
  await expect(form.repRows).toHaveCount(4);
  await expect(form.repAdd).toBeVisible();
});

test('a text file named like a photo shows its message next to the attachments', async ({ page }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  await logIn(page, lang, LI_NA.phone);
  const form = new ComplaintFormPage(page);
  await form.goto();
  await form.waitForPrefill();

  const status = await chooseFile(page, form.attachments, textPretendingToBeJpeg());

  expect(status === null || status === 415, `upload answered ${status}`).toBeTruthy();
  // The message may name the file it is about.
  await expect(form.fieldError('attachments')).toContainText(T.fileTypeNotAllowed(lang));
  await expect(form.attachmentItems).toHaveCount(0);
});

test("another person's complaint id shows complaint-not-found", async ({ page, baseURL }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const zhang = await apiLogIn(baseURL ?? '', ZHANG_WEI.phone);
  const his = await fileOwnComplaint(zhang);
  await zhang.dispose();

  await logIn(page, lang, LI_NA.phone);
  const complaint = new ComplaintPage(page);
  await complaint.goto(his.id);

  await expect(complaint.notFound).toContainText(T.notFound(lang));
  await expect(page.getByText(his.case_number)).toHaveCount(0);
  await expect(complaint.status).toHaveCount(0);

  await complaint.goto(999_999_999);
  await expect(complaint.notFound).toContainText(T.notFound(lang));
});

test('the channels page works logged out and shows the regulator hotline 12378', async ({ page }, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const shell = new Shell(page);
  const channels = new ChannelsPage(page);
  await channels.goto();
  await shell.useLanguage(lang);

  await expect(page).toHaveURL(/\/channels$/);
  await expect(shell.heading).toHaveText(T.channels(lang));
  await expect(shell.navChannels).toBeVisible();
  await expect(shell.logout).toHaveCount(0);
  for (const channel of [
    channels.hotline,
    channels.fax,
    channels.mail,
    channels.reception,
    channels.email,
    channels.portal,
  ]) {
    await expect(channel).not.toBeEmpty();
  }
  expect(await channels.processSteps.getByRole('listitem').count()).toBeGreaterThan(1);
  await expect(channels.regulatorHotline).toContainText('12378');

  // The other language, too.
  await shell.useLanguage(lang === 'en' ? 'zh-CN' : 'en');
  await expect(shell.heading).toHaveText(T.channels(lang === 'en' ? 'zh-CN' : 'en'));
  await expect(channels.regulatorHotline).toContainText('12378');
});

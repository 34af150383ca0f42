import { expect, test } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { ComplaintFormPage } from '../pages/ComplaintFormPage';
import { ComplaintPage } from '../pages/ComplaintPage';
import { ComplaintsPage } from '../pages/ComplaintsPage';
import { pdfFile, pngFile } from '../pages/files';
import { makeIdNumber } from '../pages/idNumber';
import { InboxPage } from '../pages/InboxPage';
import { datePattern, dateTimePattern, texts, type Lang } from '../pages/lang';
import { expectNoSidewaysScroll } from '../pages/layout';
import { LoginPage } from '../pages/LoginPage';
import { ReceiptPage } from '../pages/ReceiptPage';
import { Shell } from '../pages/Shell';
import { StaffApi } from '../pages/staff';
import { uploadFile } from '../pages/uploads';

/** What the person sees, in each language. */
const T = {
  login: texts('登录', 'Log in'),
  myComplaints: texts('我的投诉', 'My complaints'),
  fileComplaint: texts('我要投诉', 'File a complaint'),
  agent: texts('受托人', 'Authorised agent'),
  claimDispute: texts('理赔争议', 'Claim dispute'),
  submitted: texts('投诉已提交', 'Complaint submitted'),
  decisionDue: texts('处理决定期限', 'Decision due'),
  messages: texts('消息', 'Messages'),
  inboxDelivery: texts('站内消息', 'Portal inbox'),
  complaintHeading: texts('投诉 ', 'Complaint '),
  registered: texts('投诉已登记', 'Your complaint was registered'),
  materialsRequested: texts('请补正投诉材料', 'Please send the missing materials'),
  you: texts('您', 'You'),
  customerService: texts('客服', 'Customer service'),
  waitingForMaterials: texts('待补正材料', 'Waiting for materials'),
  missing: texts('待补交', 'Missing'),
  received: texts('已补交', 'Received'),
  materialsComplete: texts('材料已齐全', 'Materials complete'),
  decided: texts('已作出处理决定', 'Decided'),
  decisionTitle: texts('投诉处理决定', 'Decision on your complaint'),
  partlyUpheld: texts('部分支持投诉请求', 'Partly upheld'),
  remedies: texts(
    ['申请核查', '申请调解', '申请仲裁', '提起诉讼'],
    ['Request a review', 'Mediation', 'Arbitration', 'Litigation'],
  ),
  items: texts(['身份证复印件', '保单复印件'], ['Copy of the ID card', 'Copy of the policy']),
  reasons: texts(
    '经核实，理赔款中的住院伙食补助应予补发，其余部分符合合同约定。',
    'The hospital meal allowance is paid in addition; the rest follows the policy terms.',
  ),
};

for (const lang of ['zh-CN', 'en'] as const satisfies readonly Lang[]) {
  test(`an agent files with a power of attorney, supplies the missing items and follows it to a decision (${lang})`, async ({
    page,
    baseURL,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the flow a new user tries on a 360 px phone');
    test.setTimeout(120_000);
    const t = <V>(text: (l: Lang) => V): V => text(lang);
    const shell = new Shell(page);

    // Log in in the chosen language.
    const login = new LoginPage(page);
    await login.goto();
    await shell.useLanguage(lang);
    await expect(shell.heading).toHaveText(t(T.login));
    await login.logInAs(ZHANG_WEI.phone);

    // Open the form from the nav.
    await shell.navComplaints.click();
    await expect(page).toHaveURL(/\/complaints$/);
    await expect(shell.heading).toHaveText(t(T.myComplaints));
    const list = new ComplaintsPage(page);
    await expect(list.newComplaint).toHaveText(t(T.fileComplaint));
    await list.newComplaint.click();
    await expect(page).toHaveURL(/\/complaints\/new$/);
    await expect(shell.heading).toHaveText(t(T.fileComplaint));

    const form = new ComplaintFormPage(page);
    await expect(form.channelsLink).toHaveAttribute('href', /\/channels$/);
    await form.waitForPrefill();
    await expect(form.consumerName).toHaveValue(ZHANG_WEI.name);

    // As an authorised agent, with the power of attorney.
    await form.filedAs(t(T.agent)).check();
    const agentId = makeIdNumber();
    await form.actingName.fill('王芳');
    await form.actingIdNumber.fill(agentId);
    await form.actingPhone.fill('13700137000');
    await uploadFile(page, form.powerOfAttorney, pdfFile());

    await form.policy.selectOption({ index: 1 });
    await form.about.fill(lang === 'en' ? 'Claims department, Beijing branch' : '北京分公司理赔部');
    await form.category.selectOption({ label: t(T.claimDispute) });
    const requestText =
      lang === 'en' ? 'Pay the hospital meal allowance that was left out.' : '请补发住院伙食补助。';
    await form.request.fill(requestText);
    await form.facts.fill(
      lang === 'en'
        ? 'The claim paid on 3 Nov left out 10 days of meal allowance.'
        : '11月3日赔付的理赔款少算了10天住院伙食补助。',
    );
    await expect(form.draftSaved).toBeVisible();
    await expectNoSidewaysScroll(page, 'the complaint form');

    await form.submit.click();

    // The receipt: case number, time received, the deadlines that run, the channels.
    await expect(page).toHaveURL(/\/complaints\/\d+\/receipt$/);
    await expect(shell.heading).toHaveText(t(T.submitted));
    const receipt = new ReceiptPage(page);
    const complaintId = receipt.complaintId();
    await expect(receipt.caseNumber).toHaveText(/^\s*TS\d{14}\s*$/);
    const caseNumber = ((await receipt.caseNumber.textContent()) ?? '').trim();
    expect(caseNumber).toMatch(/^TS\d{14}$/);
    await expect(receipt.receivedAt).toContainText(dateTimePattern(lang));
    await expect(receipt.deadlines).toContainText(t(T.decisionDue));
    await expect(receipt.deadlines).toContainText(datePattern(lang));
    await expect(receipt.channelsLink).toHaveAttribute('href', /\/channels$/);
    await expect(receipt.openCase).toHaveAttribute('href', new RegExp(`/complaints/${complaintId}$`));
    await expectNoSidewaysScroll(page, 'the receipt');
    // The receipt survives a reload.
    await page.reload();
    await expect(receipt.caseNumber).toHaveText(caseNumber);

    // Customer service asks, once, for everything missing.
    const staff = await StaffApi.logIn(baseURL ?? '');
    const [item1, item2] = t(T.items);
    await staff.act(complaintId, { action: 'request_materials', items: [item1, item2] });

    // The unread badge, the inbox notice.
    await page.reload();
    await expect(shell.unreadCount).toHaveText(/^\s*[1-9]\d*\s*$/);
    await shell.navInbox.click();
    await expect(page).toHaveURL(/\/inbox$/);
    await expect(shell.heading).toHaveText(t(T.messages));
    const inbox = new InboxPage(page);
    const notice = inbox.notice(caseNumber, t(T.materialsRequested));
    await expect(notice).toHaveCount(1);
    await expect(notice).toHaveAttribute('data-unread', 'true');
    await expect(notice).toContainText(t(T.inboxDelivery));
    await expect(notice).toContainText(dateTimePattern(lang));
    await expectNoSidewaysScroll(page, 'the inbox');
    await notice.click();

    // The case page: the request on the timeline, each item with its own upload slot.
    await expect(page).toHaveURL(new RegExp(`/complaints/${complaintId}$`));
    const complaint = new ComplaintPage(page);
    await expect(shell.heading).toHaveText(t(T.complaintHeading) + caseNumber);
    await expect(complaint.status).toHaveText(t(T.waitingForMaterials));
    await expect(complaint.deadlines).toContainText(datePattern(lang));
    await expect(complaint.entry(t(T.registered))).toContainText(t(T.you));
    const requested = complaint.entry(t(T.materialsRequested));
    await expect(requested).toContainText(t(T.customerService));
    await expect(requested).toContainText(item1);
    await expect(requested).toContainText(item2);
    await expect(complaint.materialsRequest).toBeVisible();
    await expect(complaint.materialItems).toHaveCount(2);
    for (const description of [item1, item2]) {
      const item = complaint.materialItem(description);
      await expect(item).toContainText(t(T.missing));
      await expect(item.getByTestId('material-file')).toHaveCount(1);
      await expect(item.getByTestId('material-submit')).toBeVisible();
    }

    // The notice was opened: it is read now.
    await shell.navInbox.click();
    await expect(inbox.notice(caseNumber, t(T.materialsRequested))).not.toHaveAttribute(
      'data-unread',
      'true',
    );
    await complaint.goto(complaintId);
    await expect(complaint.materialItems).toHaveCount(2);

    // Supply each item: both files chosen first, so the second item's file must survive the page
    // taking in the answer to the first.
    const items = [item1, item2].map((description) => complaint.materialItem(description));
    for (const [index, item] of items.entries()) {
      await uploadFile(page, item.getByTestId('material-file'), pngFile(`item-${index + 1}.png`));
    }
    for (const [index, item] of items.entries()) {
      await expect(item.getByTestId('material-file-item')).toContainText(`item-${index + 1}.png`);
      await item.getByTestId('material-submit').click();
      await expect(item).toContainText(t(T.received));
      await expect(item.getByTestId('material-file')).toHaveCount(0);
    }
    await expect(complaint.status).toHaveText(t(T.materialsComplete));

    // Customer service accepts, handles and decides.
    await staff.act(complaintId, { action: 'accept' });
    await staff.act(complaintId, { action: 'start_handling' });
    await staff.act(complaintId, { action: 'decide', result: 'partly_upheld', reasons: t(T.reasons) });
    await staff.dispose();

    // The decision, its reasons and the remedies.
    await page.reload();
    await expect(complaint.status).toHaveText(t(T.decided));
    await expect(complaint.entry(t(T.decisionTitle))).toContainText(t(T.customerService));
    await expect(complaint.decisionResult).toHaveText(t(T.partlyUpheld));
    await expect(complaint.decisionReasons).toContainText(t(T.reasons));
    await expect(complaint.remedyItems).toHaveCount(5);
    for (const remedy of t(T.remedies)) {
      await expect(complaint.remedies).toContainText(remedy);
    }
    const regulator = complaint.remedies.getByRole('link', { name: /12378/ });
    await expect(regulator).toHaveAttribute('href', /^tel:12378$/);
    await expect(complaint.channelsLink).toHaveAttribute('href', /\/channels$/);
    await expectNoSidewaysScroll(page, 'the case page with its decision');

    // The decision is in the inbox too.
    await shell.navInbox.click();
    await expect(inbox.notice(caseNumber, t(T.decisionTitle))).toHaveCount(1);
  });
}

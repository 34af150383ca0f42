import { expect, test } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { largePhoto, looksLikeJpeg, pagedPdf } from '../pages/claimFiles';
import { ClaimFormPage } from '../pages/ClaimFormPage';
import { ClaimPage } from '../pages/ClaimPage';
import { ClaimReceiptPage } from '../pages/ClaimReceiptPage';
import { ClaimsPage } from '../pages/ClaimsPage';
import { chinaDay, getClaim, policyOfKind, slotDocuments, StaffClaims } from '../pages/claimsApi';
import { pngFile } from '../pages/files';
import { InboxPage } from '../pages/InboxPage';
import { datePattern, dateTimePattern } from '../pages/lang';
import { expectNoSidewaysScroll } from '../pages/layout';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { SlowLink } from '../pages/slowLink';
import { StaffApi } from '../pages/staff';
import { progressOf, recordProgress, TusTrace, type TusRequest } from '../pages/tusTrace';

/** About 1.5 Mbit/s each way, as in a hospital car park (bytes per second for CDP). */
const THROTTLED = { offline: false, latency: 80, downloadThroughput: 1_500_000 / 8, uploadThroughput: 1_500_000 / 8 };
const UNTHROTTLED = { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
/** A resized photo may be at most about this big ("a 10 MB photo becomes at most about 1 MB"). */
const RESIZED_PHOTO_MAX = 1_200_000;

const T = {
  myClaims: '我的理赔',
  report: '我要报案',
  reported: '报案成功',
  claimHeading: '理赔 ',
  idCardLabel: '被保险人身份证',
  invoicesLabel: '医疗费用发票',
  uploading: '上传中',
  waitingForNetwork: '等待网络',
  requestTitle: '请补充理赔材料',
  rejectedTitle: '材料审核未通过，请重新上传',
  unreadable: '不清晰或不完整，无法辨认',
  approved: '同意赔付',
  paid: '已赔付',
};

let link: SlowLink | undefined;
test.afterEach(async () => {
  await link?.stop();
  link = undefined;
});

test('a medical claim from a phone: report, large photos over a dropping network, a rejected and a missing document, to payment', async ({
  page,
  browser,
  baseURL,
}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the flow a new user tries on a 360 px phone');
  test.setTimeout(300_000);
  const shell = new Shell(page);

  // Three phone photos of 8–10 MB that decode as images, and a scanned PDF.
  const idCard = await largePhoto(browser, 'id-card.jpg', 1);
  const invoices = [await largePhoto(browser, 'invoice-1.jpg', 2), await largePhoto(browser, 'invoice-2.jpg', 3)];
  const photos = [idCard, ...invoices];
  for (const photo of photos) {
    expect(photo.buffer.length, photo.name).toBeGreaterThan(8_000_000);
    expect(photo.buffer.length, photo.name).toBeLessThan(11_000_000);
    expect(looksLikeJpeg(photo.buffer), photo.name).toBeTruthy();
  }
  const record = pagedPdf('medical-record.pdf');

  // Log in; the claims list from the header.
  const login = new LoginPage(page);
  await login.goto();
  await shell.useLanguage('zh-CN');
  await login.logInAs(ZHANG_WEI.phone);
  const list = new ClaimsPage(page);
  await list.nav.click();
  await expect(page).toHaveURL(/\/claims$/);
  await expect(shell.heading).toHaveText(T.myClaims);
  await expect(list.newClaim).toHaveText(T.report);
  await list.newClaim.click();
  await expect(page).toHaveURL(/\/claims\/new$/);
  await expect(shell.heading).toHaveText(T.report);

  // Report: the medical policy, yesterday evening, at the hospital.
  const form = new ClaimFormPage(page);
  await form.waitForPrefill();
  await expect(form.contactPhone).toHaveValue(ZHANG_WEI.phone);
  const medical = await policyOfKind(page.request, 'medical');
  await form.choosePolicy(medical.number);
  await expect(form.kind).toHaveValue('medical');
  await form.incidentDate.fill(chinaDay(-1));
  await form.incidentTime.fill('21:30');
  await form.place.fill('上海市第一人民医院急诊');
  const description = `急性阑尾炎，急诊入院手术（${testInfo.testId}）。`;
  await form.description.fill(description);
  await expect(form.draftSaved).toBeVisible();
  await expectNoSidewaysScroll(page, 'the report form');
  expect(await form.submitAndAnswer()).toBe(201);

  // The receipt: claim number, time, what to send next.
  await expect(page).toHaveURL(/\/claims\/\d+\/receipt$/);
  await expect(shell.heading).toHaveText(T.reported);
  const receipt = new ClaimReceiptPage(page);
  const claimId = receipt.claimId();
  await expect(receipt.claimNumber).toHaveText(/^\s*LP\d{14}\s*$/);
  const claimNumber = ((await receipt.claimNumber.textContent()) ?? '').trim();
  expect(claimNumber).toMatch(/^LP\d{14}$/);
  await expect(receipt.receivedAt).toContainText(dateTimePattern('zh-CN'));
  await expect(receipt.nextSteps).toContainText(T.idCardLabel);
  await expect(receipt.nextSteps).toContainText(T.invoicesLabel);
  await expectNoSidewaysScroll(page, 'the claim receipt');
  await expect(receipt.openClaim).toHaveAttribute('href', new RegExp(`/claims/${claimId}$`));
  await receipt.openClaim.click();

  // The claim page with its checklist.
  await expect(page).toHaveURL(new RegExp(`/claims/${claimId}$`));
  const claim = new ClaimPage(page);
  await expect(shell.heading).toHaveText(T.claimHeading + claimNumber);
  await expect(claim.status).not.toBeEmpty();
  // The first feedback was given at once: its 24-hour deadline shows as met.
  await expect(claim.deadlines).toContainText(
    new RegExp(`${dateTimePattern('zh-CN').source}|${datePattern('zh-CN').source}`),
  );
  for (const key of ['id_card', 'invoices', 'medical_record', 'bank_card']) {
    await expect(claim.slot(key)).toHaveAttribute('data-state', 'missing');
  }
  await expect(claim.slot('id_card')).toContainText(T.idCardLabel);
  await expectNoSidewaysScroll(page, 'the claim page');

  // A slow network (the claim page reached through a 1.5 Mbit/s uplink, DevTools throttling for
  // the rest), then the photos and the PDF into their slots.
  link = await SlowLink.start(baseURL ?? '', THROTTLED.uploadThroughput);
  await page.goto(`${link.url}/claims/${claimId}`);
  await expect(claim.slot('id_card')).toHaveAttribute('data-state', 'missing');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', THROTTLED);
  const trace = new TusTrace(page);
  const names = [...photos.map((p) => p.name), record.name];
  await recordProgress(page, names);
  // Each choice shows its upload at once, even while another file is being sent or attached.
  for (const [key, files] of [
    ['id_card', [idCard]],
    ['invoices', invoices],
    ['medical_record', [record]],
  ] as const) {
    await claim.slotFile(key).setInputFiles([...files]);
    for (const file of files) {
      await expect(claim.slot(key).getByTestId('upload').filter({ hasText: file.name }), `${file.name} chosen for ${key}`).toHaveCount(1);
    }
  }
  await expect(claim.uploads.first()).toBeVisible();
  await expect(claim.uploads.getByTestId('upload-progress').first()).toBeVisible();
  await expect(claim.uploads.getByTestId('upload-state').filter({ hasText: T.uploading }).first()).toBeVisible();

  // Wait until a photo's PATCH is well under way (at 1.5 Mbit/s a resized photo takes a few
  // seconds), then the connection drops for a few seconds.
  let cut: { file: string; ratio: number; request: TusRequest } | undefined;
  const photoNames = photos.map((p) => p.name);
  await expect
    .poll(
      async () => {
        for (const request of trace.inFlight()) {
          if (request.method !== 'PATCH' || !request.file || !photoNames.includes(request.file)) continue;
          if (Date.now() - request.startedAt < 200) continue;
          const samples = await progressOf(page, request.file);
          cut = { file: request.file, ratio: samples.at(-1)?.[1] ?? 0, request: request.entry };
          return true;
        }
        return false;
      },
      { timeout: 90_000, intervals: [25], message: 'a photo being sent for 200 ms' },
    )
    .toBe(true);
  if (!cut) throw new Error('unreachable');
  const cutAt = Date.now();
  link.setDown(true);
  await cdp.send('Network.emulateNetworkConditions', { ...THROTTLED, offline: true });
  const cutUpload = claim.upload(cut.file);
  await expect(cutUpload.getByTestId('upload-state')).toHaveText(T.waitingForNetwork, { timeout: 8_000 });
  await page.waitForTimeout(4_000);
  const backAt = Date.now();
  link.setDown(false);
  await cdp.send('Network.emulateNetworkConditions', THROTTLED);

  // Every file ends up in its slot.
  await expect(claim.documents('id_card')).toHaveCount(1, { timeout: 150_000 });
  await expect(claim.documents('invoices')).toHaveCount(2, { timeout: 150_000 });
  await expect(claim.documents('medical_record')).toHaveCount(1, { timeout: 150_000 });
  for (const key of ['id_card', 'invoices', 'medical_record']) {
    await expect(claim.slot(key)).toHaveAttribute('data-state', 'uploaded');
  }
  await cdp.send('Network.emulateNetworkConditions', UNTHROTTLED);

  // It resumed where it stopped: a PATCH of that upload under way when the connection dropped
  // failed (the one watched, or, when the watched one got its answer in the last milliseconds,
  // the next one), the same upload went on from the offset the server had kept (not from 0 and
  // not before what the server had acknowledged), the file was not created a second time, and
  // its progress bar did not go back below that offset.
  const story = `${JSON.stringify({ ...cut, cutAt, backAt })} ${JSON.stringify(
    trace.requests.filter((r) => r.path === cut?.request.path || r.fileName === cut?.file),
  )}`;
  expect(trace.creationsOf(cut.file), `uploads created for ${cut.file}`).toHaveLength(1);
  const uploadPath = cut.request.path;
  const dropped = trace.requests.filter(
    (r) => r.method === 'PATCH' && r.path === uploadPath && r.failed && r.startedAt < backAt && (r.endedAt ?? backAt) >= cutAt,
  );
  expect(dropped.length, `a PATCH under way when the connection dropped failed: ${story}`).toBeGreaterThan(0);
  const resumed = trace.requests.filter((r) => r.method === 'PATCH' && r.path === uploadPath && r.startedAt >= backAt);
  expect(resumed.length, `PATCHes of ${uploadPath} after the connection came back: ${story}`).toBeGreaterThan(0);
  expect(resumed[0].offset, `the first PATCH after the cut starts where the server stopped: ${story}`).toBeGreaterThanOrEqual(
    Math.max(dropped[0].offset, 1),
  );
  const status = await page.request.get(uploadPath);
  expect(status.status(), await status.text()).toBe(200);
  const upload = await status.json();
  expect(upload.state).toBe('completed');
  expect(upload.offset).toBe(upload.length);
  const keptRatio = (resumed[0].offset - 1) / upload.length;
  const after = (await progressOf(page, cut.file)).filter(([at]) => at >= resumed[0].startedAt);
  expect(after.length, 'progress samples after the upload went on').toBeGreaterThan(0);
  const lowest = Math.min(...after.map(([, ratio]) => ratio));
  expect(lowest, `progress of ${cut.file} once it went on (the server had ${keptRatio} of it)`).toBeGreaterThanOrEqual(keptRatio);

  // What was stored: each photo resized in the browser, the PDF as it was.
  const stored = await getClaim(page.request, claimId);
  const storedPhotos = [...slotDocuments(stored, 'id_card'), ...slotDocuments(stored, 'invoices')];
  expect(storedPhotos).toHaveLength(3);
  for (const photo of storedPhotos) {
    expect(photo.content_type, photo.file_name).toBe('image/jpeg');
    expect(photo.size, `${photo.file_name} as stored`).toBeLessThanOrEqual(RESIZED_PHOTO_MAX);
    expect(photo.size, `${photo.file_name} as stored`).toBeGreaterThan(20_000);
  }
  const [storedRecord] = slotDocuments(stored, 'medical_record');
  expect(storedRecord.content_type).toBe('application/pdf');
  expect(storedRecord.size).toBe(record.buffer.length);
  await expect(claim.documents('medical_record').getByTestId('document-open')).toHaveAttribute('href', /\S/);

  // Staff: ask for the bank card (once, listing everything), reject the ID card photo.
  const staffLogin = await StaffApi.logIn(baseURL ?? '');
  const staff = new StaffClaims(staffLogin.api);
  const bankCardNote = '请上传本人名下借记卡卡号面照片';
  await staff.act(claimId, { action: 'request_documents', slots: [{ slot: 'bank_card', note: bankCardNote }] });
  const idCardDoc = slotDocuments(stored, 'id_card')[0];
  const rejectionNote = '身份证反光，请在自然光下重新拍摄';
  await staff.act(claimId, {
    action: 'review_documents',
    reviews: [
      { document_id: idCardDoc.id, outcome: 'rejected', reason: 'unreadable', note: rejectionNote },
      ...[...slotDocuments(stored, 'invoices'), storedRecord].map((d) => ({
        document_id: d.id,
        outcome: 'accepted' as const,
      })),
    ],
  });

  // The person: the unread badge, the notices in the inbox.
  await page.reload();
  await expect(shell.unreadCount).toHaveText(/^\s*[1-9]\d*\s*$/);
  await shell.navInbox.click();
  await expect(page).toHaveURL(/\/inbox$/);
  const inbox = new InboxPage(page);
  const requestNotice = inbox.notice(claimNumber, T.requestTitle);
  await expect(requestNotice).toHaveCount(1);
  await expect(requestNotice).toHaveAttribute('data-unread', 'true');
  await expect(inbox.notice(claimNumber, T.rejectedTitle)).toHaveCount(1);
  await expectNoSidewaysScroll(page, 'the inbox');
  await requestNotice.click();
  await expect(page).toHaveURL(new RegExp(`/claims/${claimId}$`));

  // The rejected slot is back with its reason; the asked-for one is missing with its note.
  const idSlot = claim.slot('id_card');
  await expect(idSlot).toHaveAttribute('data-state', 'rejected');
  await expect(idSlot).toContainText(T.unreadable);
  await expect(idSlot).toContainText(rejectionNote);
  const bankSlot = claim.slot('bank_card');
  await expect(bankSlot).toHaveAttribute('data-state', 'missing');
  // What exactly is needed, as the handler wrote it, is on the page (the request on the timeline).
  await expect(page.locator('main')).toContainText(bankCardNote);
  await expect(claim.slot('invoices')).toHaveAttribute('data-state', 'accepted');

  // They send both again.
  await claim.slotFile('id_card').setInputFiles(await largePhoto(browser, 'id-card-retake.jpg', 4));
  await claim.slotFile('bank_card').setInputFiles(pngFile('bank-card.png'));
  await expect(idSlot).toHaveAttribute('data-state', 'uploaded', { timeout: 60_000 });
  await expect(bankSlot).toHaveAttribute('data-state', 'uploaded', { timeout: 60_000 });
  await expect(claim.documents('bank_card')).toHaveCount(1);

  // Staff accept, investigate, assess, approve and pay with a breakdown.
  expect((await staff.claim(claimId)).status).toBe('documents_complete');
  await staff.acceptPending(claimId);
  await staff.act(claimId, { action: 'start_investigation', what: '核实住院病历与费用' });
  await staff.act(claimId, { action: 'assess', amount: 1_234_500, note: '住院医疗费用' });
  await staff.act(claimId, { action: 'decide', result: 'approved' });
  await staff.act(claimId, {
    action: 'pay',
    lines: [
      { label: '住院医疗费用', amount: 1_284_500 },
      { label: '免赔额', amount: -50_000 },
    ],
  });
  await staffLogin.dispose();

  // The person sees the amount, the decision and the payment lines.
  await page.reload();
  await expect(claim.status).toHaveText(T.paid);
  await expect(claim.assessedAmount).toContainText('12,345.00');
  await expect(claim.decision).toContainText(T.approved);
  await expect(claim.decision).toContainText('12,345.00');
  await expect(claim.paymentLines).toHaveCount(2);
  await expect(claim.paymentLines.filter({ hasText: '住院医疗费用' })).toContainText('12,845.00');
  await expect(claim.paymentLines.filter({ hasText: '免赔额' })).toContainText('500.00');
  await expect(claim.payment).toContainText('12,345.00');
  await expect(claim.timelineEntries.first()).toBeVisible();
  await expectNoSidewaysScroll(page, 'the paid claim');

  // The list shows it as paid.
  await list.goto();
  await expect(list.item(claimNumber)).toContainText(T.paid);
  await expect(page.locator(`a[href$="/claims/${claimId}"]`).first()).toBeVisible();
});

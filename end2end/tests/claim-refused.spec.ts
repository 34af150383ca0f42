import { expect, test } from '@playwright/test';
import { ZHANG_WEI, apiLogIn } from '../pages/api';
import { ClaimPage } from '../pages/ClaimPage';
import { fillRequiredSlots, reportClaim, StaffClaims } from '../pages/claimsApi';
import { ComplaintPage } from '../pages/ComplaintPage';
import { projectLang, texts, type Lang } from '../pages/lang';
import { expectNoSidewaysScroll } from '../pages/layout';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { StaffApi } from '../pages/staff';

// The dispute opens a complaint: always 张伟's (李娜 files no complaint anywhere in the suite).

const T = {
  refused: texts('已拒赔', 'Refused'),
  refusedResult: texts('拒赔', 'Refused'),
  notCovered: texts('不属于保险责任范围', 'The loss is not covered by the policy'),
  exclusion: texts('属于责任免除情形', 'An exclusion of the policy applies'),
  disagree: texts('我有异议', 'I disagree'),
  complaintHeading: texts('投诉 ', 'Complaint '),
  claimDispute: texts('理赔争议', 'Claim dispute'),
};

test('a refused auto claim is disputed into a claim-dispute complaint', async ({ page, baseURL }, testInfo) => {
  test.setTimeout(90_000);
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);

  // The claim, its documents, and the refusal with its reasons and notice (staff, through the API).
  const zhang = await apiLogIn(baseURL ?? '', ZHANG_WEI.phone);
  const { id: claimId, claim_number: claimNumber } = await reportClaim(zhang, 'auto', {
    description: `倒车时撞上立柱，后保险杠受损（${testInfo.testId}）。`,
  });
  await fillRequiredSlots(zhang, claimId);
  await zhang.dispose();
  const staffLogin = await StaffApi.logIn(baseURL ?? '');
  const staff = new StaffClaims(staffLogin.api);
  expect((await staff.claim(claimId)).status).toBe('documents_complete');
  await staff.acceptPending(claimId);
  const refusalText =
    lang === 'en'
      ? 'The damage predates the policy: the repair estimate lists an old dent.'
      : '维修估价单显示损伤为投保前旧伤，不属于本次事故造成。';
  await staff.act(claimId, {
    action: 'decide',
    result: 'refused',
    refusal_reasons: ['not_covered', 'exclusion'],
    text: refusalText,
  });
  await staff.act(claimId, { action: 'notify_refusal' });

  // The person sees the refusal with its reasons.
  const login = new LoginPage(page);
  await login.goto();
  const shell = new Shell(page);
  await shell.useLanguage(lang);
  await login.logInAs(ZHANG_WEI.phone);
  const claim = new ClaimPage(page);
  await claim.goto(claimId);
  await shell.useLanguage(lang);
  await expect(shell.heading).toContainText(claimNumber);
  await expect(claim.status).toHaveText(t(T.refused));
  await expect(claim.decision).toContainText(t(T.refusedResult));
  await expect(claim.decision).toContainText(t(T.notCovered));
  await expect(claim.decision).toContainText(t(T.exclusion));
  await expect(claim.decision).toContainText(refusalText);
  await expect(claim.payment).toHaveCount(0);
  await expectNoSidewaysScroll(page, 'the refused claim');

  // "I disagree", with a reason: the new complaint opens.
  await expect(claim.dispute).toHaveText(t(T.disagree));
  await claim.dispute.click();
  const reason =
    lang === 'en'
      ? `The bumper was new; the dent is from this accident (${testInfo.project.name}).`
      : `保险杠是新换的，凹痕就是这次事故造成的（${testInfo.project.name}）。`;
  await claim.disputeReason.fill(reason);
  await claim.disputeSubmit.click();
  await expect(page).toHaveURL(/\/complaints\/\d+$/, { timeout: 15_000 });
  const complaintId = Number(new URL(page.url()).pathname.split('/').pop());

  const complaint = new ComplaintPage(page);
  await expect(shell.heading).toHaveText(new RegExp(`^\\s*${t(T.complaintHeading)}TS\\d{14}\\s*$`));
  await expect(complaint.status).toBeVisible();
  await expect(page.getByText(t(T.claimDispute), { exact: true })).toBeVisible();
  await expectNoSidewaysScroll(page, 'the dispute complaint');

  // The claim knows its complaint; staff see the complaint with its category.
  const seen = await staff.claim(claimId);
  expect(seen.dispute_complaint?.id).toBe(complaintId);
  const res = await staffLogin.api.get(`/api/v1/complaints/${complaintId}`);
  expect(res.status(), await res.text()).toBe(200);
  const filed = await res.json();
  expect(filed.category).toBe('claim_dispute');
  expect(filed.case_number).toBe(seen.dispute_complaint?.case_number);
  expect(filed.facts).toContain(reason);
  expect(filed.about).toContain(claimNumber);
  await staffLogin.dispose();

  // Back on the claim, the dispute is taken and cannot be raised again.
  await claim.goto(claimId);
  await expect(claim.status).toBeVisible();
  await expect(claim.dispute).toHaveCount(0);
});

import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { ZHANG_WEI } from '../pages/api';
import { ComplaintPage } from '../pages/ComplaintPage';
import { InboxPage } from '../pages/InboxPage';
import { datePattern, dateTimePattern, projectLang, texts, type Lang } from '../pages/lang';
import { expectNoSidewaysScroll } from '../pages/layout';
import { LoginPage } from '../pages/LoginPage';
import { Shell } from '../pages/Shell';
import { StaffApi } from '../pages/staff';
import { SurveyCard, SurveyPage } from '../pages/SurveyPage';
import { closedComplaint, staffInvitations, staffSurvey, surveyLink } from '../pages/surveysApi';

// Every survey is answered on a 360 px phone, in Chinese on the phone project and in English on
// the other. Each test closes a complaint of its own (张伟's: 李娜's complaint list must stay
// empty for another spec), so the tests depend neither on each other nor on their order.
test.use({ viewport: { width: 360, height: 740 } });

const T = {
  cta: texts('去评价', 'Rate our service'),
  answerBy: texts('请于', 'Please answer by'),
  complaint: texts('投诉', 'Complaint'),
  title: texts('投诉处理满意度调查', 'How did we handle your complaint?'),
  verySatisfied: texts('非常满意', 'Very satisfied'),
  satisfied: texts('满意', 'Satisfied'),
  neutral: texts('一般', 'Neither satisfied nor dissatisfied'),
  dissatisfied: texts('不满意', 'Dissatisfied'),
  speed: texts('处理速度慢', 'It took too long'),
  saved: texts(/已保存 \d{2}:\d{2}/, /Saved \d{2}:\d{2}/),
  thanks: texts('感谢您的评价！', 'Thank you for your feedback!'),
  answered: texts('您已完成这份评价', 'You have answered this survey'),
  answeredOn: texts('评价时间：', 'Answered on '),
  required: texts('此项为必填。', 'This is required.'),
  checkMarked: texts('请检查下方标出的问题。', 'Please check the questions marked below.'),
  cardTitle: texts('请为本次服务评价', 'Tell us how we did'),
  cardAnswered: texts('已于', 'Answered on'),
  phoneVisit: texts('电话回访', 'Phone return visit'),
  cancelled: texts('这份问卷已取消', 'This survey was withdrawn'),
  cancelledWhy: texts('案件', 'reopened'),
  cardCancelled: texts('案件已重新处理，本次评价已取消。', 'The case was reopened, so its survey was withdrawn.'),
  chars: texts((n: number) => `${n}/500 字`, (n: number) => `${n} / 500 characters`),
};

/** The language of this project's run, switched to on the current page. */
async function useProjectLanguage(page: Page, lang: Lang): Promise<void> {
  await new Shell(page).useLanguage(lang);
}

let staff: StaffApi | undefined;
test.beforeEach(async ({ baseURL }) => {
  staff = await StaffApi.logIn(baseURL ?? '');
});
test.afterEach(async () => {
  await staff?.dispose();
  staff = undefined;
});

/** A complaint of 张伟's of this test's own, decided and closed: its survey is open. */
function surveyedComplaint(baseURL: string | undefined, testInfo: TestInfo) {
  return closedComplaint(baseURL ?? '', ZHANG_WEI.phone, staff!, `请退还多收的保费（${testInfo.testId}）。`);
}

test('a person answers from the inbox: the answers are saved as they go, then shown as answered', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const login = new LoginPage(page);
  await login.goto();
  await useProjectLanguage(page, lang);
  await login.logInAs(ZHANG_WEI.phone);
  const { complaintId, caseNumber, invitationId } = await surveyedComplaint(baseURL, testInfo);

  // The inbox: the survey's notice, with its call to answer and the day it expires.
  const inbox = new InboxPage(page);
  await new Shell(page).navInbox.click();
  await expect(page).toHaveURL(/\/inbox$/);
  const notice = inbox.surveyNotices(caseNumber);
  await expect(notice).toHaveCount(1);
  await expect(notice.getByTestId('survey-cta')).toHaveText(t(T.cta));
  await expect(notice.getByTestId('survey-due')).toContainText(t(T.answerBy));
  await expect(notice.getByTestId('survey-due')).toContainText(datePattern(lang));
  await expect(notice).toHaveAttribute('href', `/surveys/${invitationId}`);
  await notice.click();

  // The survey: its title, the case, the questions; the follow-up waits for a low rating.
  const survey = new SurveyPage(page);
  await expect(page).toHaveURL(new RegExp(`/surveys/${invitationId}$`));
  await expect(survey.title).toHaveText(t(T.title));
  await expect(survey.caseLine).toHaveText(`${t(T.complaint)} ${caseNumber}`);
  await expect(survey.caseLink).toHaveAttribute('href', `/complaints/${complaintId}`);
  await expect(survey.due).toContainText(datePattern(lang));
  await expect(survey.question('went_wrong')).toBeHidden();
  await expectNoSidewaysScroll(page, 'the survey');

  // The five words are large enough for a thumb.
  for (const word of [T.verySatisfied, T.satisfied, T.neutral, T.dissatisfied]) {
    const box = await survey.rating(t(word)).boundingBox();
    expect(box?.height ?? 0, t(word)).toBeGreaterThanOrEqual(44);
  }
  await survey.rating(t(T.verySatisfied)).check();
  await expect(survey.rating(t(T.verySatisfied))).toBeChecked();
  await expect(survey.question('went_wrong')).toBeHidden();
  const comment = '处理及时，态度很好。';
  await survey.text('comment').fill(comment);
  await expect(survey.charCount('comment')).toHaveText(t(T.chars)(comment.length));
  // Saved as the person goes: the status line says so, and a reload brings the answers back.
  await expect(survey.saveStatus).toHaveText(t(T.saved));
  await expect(survey.saveStatus).toHaveAttribute('aria-live', 'polite');
  await page.reload();
  await expect(survey.rating(t(T.verySatisfied))).toBeChecked();
  await expect(survey.text('comment')).toHaveValue(comment);

  await survey.submit.click();
  await expect(survey.thanks).toContainText(t(T.thanks));
  await expect(survey.answeredAt).toContainText(dateTimePattern(lang));
  await expect(survey.answerOf('satisfaction')).toHaveText(t(T.verySatisfied));
  await expect(survey.answerOf('comment')).toHaveText(comment);
  await expect(survey.submit).toHaveCount(0);

  // Answered: on reopening, and on the complaint's page.
  await page.reload();
  await expect(survey.answered).toContainText(t(T.answered));
  await expect(survey.answeredAt).toContainText(t(T.answeredOn));
  await expect(survey.answerOf('satisfaction')).toHaveText(t(T.verySatisfied));
  await survey.caseLink.click();
  await expect(page).toHaveURL(new RegExp(`/complaints/${complaintId}$`));
  const card = new SurveyCard(page);
  await expect(card.card).toHaveAttribute('data-status', 'answered');
  await expect(card.card).toContainText(t(T.cardAnswered));
  await expect(card.link).toHaveAttribute('href', `/surveys/${invitationId}`);
  const answered = await staffSurvey(staff!.api, invitationId);
  expect(answered.form.status).toBe('answered');
  expect(answered.form.answered_via).toBe('portal');
});

test('a fresh browser without a session answers through the link of a message', async ({
  browser,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const { caseNumber, invitationId } = await surveyedComplaint(baseURL, testInfo);
  const link = await surveyLink(staff!.api, invitationId);

  const context = await browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    locale: lang,
  });
  try {
    const page = await context.newPage();
    await page.goto(link);
    const survey = new SurveyPage(page);
    await useProjectLanguage(page, lang);
    // The survey, the case's kind and number, and nothing else: no login, no link to the case.
    await expect(survey.title).toHaveText(t(T.title));
    await expect(survey.caseLine).toHaveText(`${t(T.complaint)} ${caseNumber}`);
    await expect(survey.caseLink).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`${link}$`));
    await expect(new Shell(page).userName).toHaveCount(0);
    await expectNoSidewaysScroll(page, 'the survey behind a link');

    await survey.rating(t(T.satisfied)).check();
    await expect(survey.saveStatus).toHaveText(t(T.saved));
    await survey.submit.click();
    await expect(survey.thanks).toContainText(t(T.thanks));
    await expect(page).toHaveURL(new RegExp(`${link}$`));

    // No session was made on the way.
    const cookies = await context.cookies();
    expect(cookies.filter((c) => c.name === 'portal_session')).toHaveLength(0);

    // Reopening the link: answered, with its date, and nothing to answer.
    await page.goto(link);
    await expect(survey.answered).toContainText(t(T.answered));
    await expect(survey.answeredAt).toContainText(dateTimePattern(lang));
    await expect(survey.submit).toHaveCount(0);
    await expect(survey.answers).toHaveCount(0);

    // An altered link gets a clear page, not a blank one and not the login.
    await page.goto(`${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`);
    await expect(survey.linkInvalid).toBeVisible();
    await expect(page).toHaveURL(/\/s\//);
  } finally {
    await context.close();
  }
  const answered = await staffSurvey(staff!.api, invitationId);
  expect(answered.form.status).toBe('answered');
  expect(answered.form.answered_via).toBe('link');
});

test('a low rating asks what went wrong, a high one does not; a missing answer is shown beside its question', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const login = new LoginPage(page);
  await login.goto();
  await useProjectLanguage(page, lang);
  await login.logInAs(ZHANG_WEI.phone);
  const { complaintId, invitationId } = await surveyedComplaint(baseURL, testInfo);

  // From the complaint's page: the card with the call to answer.
  const complaint = new ComplaintPage(page);
  await page.goto(`/complaints/${complaintId}`);
  await expect(complaint.status).not.toBeEmpty();
  const card = new SurveyCard(page);
  await expect(card.card).toHaveAttribute('data-status', 'open');
  await expect(card.card).toContainText(t(T.cardTitle));
  await card.link.click();
  await expect(page).toHaveURL(new RegExp(`/surveys/${invitationId}$`));

  const survey = new SurveyPage(page);
  await survey.rating(t(T.dissatisfied)).check();
  await expect(survey.question('went_wrong')).toBeVisible();
  await survey.rating(t(T.verySatisfied)).check();
  await expect(survey.question('went_wrong')).toBeHidden();
  await survey.rating(t(T.neutral)).check();
  await expect(survey.question('went_wrong')).toBeVisible();

  // "What went wrong" is required once asked: the refusal says so beside it, and moves there.
  await expect(survey.saveStatus).toHaveText(t(T.saved));
  await survey.submit.click();
  await expect(survey.error('went_wrong')).toHaveText(t(T.required));
  await expect(survey.errors).toHaveText(t(T.checkMarked));
  await expect(survey.question('went_wrong').locator('input:focus')).toHaveCount(1);

  await survey.choice('went_wrong', t(T.speed)).check();
  await expect(survey.error('went_wrong')).toHaveCount(0);
  await survey.submit.click();
  await expect(survey.thanks).toContainText(t(T.thanks));
  await expect(survey.answerOf('satisfaction')).toHaveText(t(T.neutral));
  await expect(survey.answerOf('went_wrong')).toHaveText(t(T.speed));

  const [invitation] = await staffInvitations(staff!.api, 'complaint', complaintId);
  expect(invitation.status).toBe('answered');
  const answered = await staffSurvey(staff!.api, invitationId);
  expect(answered.form.answers).toMatchObject({ satisfaction: 3, went_wrong: ['speed'] });
});

test('a survey answered through its link shows as answered in the portal, and its link as answered', async ({
  page,
  baseURL,
  request,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const { complaintId, caseNumber, invitationId } = await surveyedComplaint(baseURL, testInfo);
  const link = await surveyLink(staff!.api, invitationId);
  // Answered through the link by API (no session), as a message's reader would.
  const token = link.replace('/s/', '');
  const submitted = await request.post(`/api/v1/survey-links/${token}/submit`, {
    data: { answers: { satisfaction: 4 } },
  });
  expect(submitted.status(), await submitted.text()).toBe(200);

  const login = new LoginPage(page);
  await login.goto();
  await useProjectLanguage(page, lang);
  await login.logInAs(ZHANG_WEI.phone);

  // The inbox's notice still leads to the survey, which now says it was answered.
  const inbox = new InboxPage(page);
  await inbox.goto();
  await inbox.surveyNotices(caseNumber).click();
  const survey = new SurveyPage(page);
  await expect(page).toHaveURL(new RegExp(`/surveys/${invitationId}$`));
  await expect(survey.answered).toContainText(t(T.answered));
  await expect(survey.answerOf('satisfaction')).toHaveText(t(T.satisfied));
  await expect(survey.submit).toHaveCount(0);

  // The complaint's card says when.
  await page.goto(`/complaints/${complaintId}`);
  const card = new SurveyCard(page);
  await expect(card.card).toHaveAttribute('data-status', 'answered');
  await expect(card.card).toContainText(datePattern(lang));

  // The link, opened again: answered, not a form and not an error.
  await page.goto(link);
  await expect(survey.answered).toContainText(t(T.answered));
  await expect(survey.submit).toHaveCount(0);
});

test('a survey answered on a return visit while the form is open: submitting shows it answered, not an error', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const login = new LoginPage(page);
  await login.goto();
  await useProjectLanguage(page, lang);
  await login.logInAs(ZHANG_WEI.phone);
  const { invitationId } = await surveyedComplaint(baseURL, testInfo);
  const survey = new SurveyPage(page);
  await page.goto(`/surveys/${invitationId}`);
  await survey.rating(t(T.dissatisfied)).check();
  await survey.choice('went_wrong', t(T.speed)).check();
  await expect(survey.choice('went_wrong', t(T.speed))).toBeChecked();
  // The draft on the server has both answers: nothing is left to save.
  await expect
    .poll(async () => (await staffSurvey(staff!.api, invitationId)).form.answers)
    .toEqual({ satisfaction: 2, went_wrong: ['speed'] });
  await expect(survey.saveStatus).toHaveText(t(T.saved));

  // Meanwhile customer service calls and records the answers (回访).
  const visit = await staff!.api.post(`/api/v1/staff/surveys/${invitationId}/return-visits`, {
    data: {
      method: 'phone',
      visited_at: new Date().toISOString(),
      reached: true,
      answers: { satisfaction: 5 },
      note: '电话回访，客户表示满意。',
    },
  });
  expect(visit.status(), await visit.text()).toBe(201);

  // The form is still there (nothing was changed since), and its submit meets the answered survey.
  await survey.submit.click();
  await expect(survey.answered).toContainText(t(T.answered));
  await expect(survey.answered).toContainText(t(T.phoneVisit));
  await expect(survey.answerOf('satisfaction')).toHaveText(t(T.verySatisfied));
  await expect(survey.submit).toHaveCount(0);
});

test('a survey withdrawn because the case was reopened says so, on its page, its link and the case card', async ({
  page,
  baseURL,
}, testInfo) => {
  const lang = projectLang(testInfo.project.name);
  const t = <V>(text: (l: Lang) => V): V => text(lang);
  const { complaintId, invitationId } = await surveyedComplaint(baseURL, testInfo);
  const link = await surveyLink(staff!.api, invitationId);
  // The person asks for a review (by phone, recorded by customer service): the case reopens.
  await staff!.act(complaintId, { action: 'request_review', reason: '客户不同意处理决定。' });
  const [invitation] = await staffInvitations(staff!.api, 'complaint', complaintId);
  expect(invitation.status).toBe('cancelled');

  const login = new LoginPage(page);
  await login.goto();
  await useProjectLanguage(page, lang);
  await login.logInAs(ZHANG_WEI.phone);
  const survey = new SurveyPage(page);
  await page.goto(`/surveys/${invitationId}`);
  await expect(survey.cancelled).toContainText(t(T.cancelled));
  await expect(survey.cancelled).toContainText(t(T.cancelledWhy));
  await expect(survey.submit).toHaveCount(0);

  await page.goto(link);
  await expect(survey.cancelled).toContainText(t(T.cancelled));
  await expect(survey.submit).toHaveCount(0);

  await page.goto(`/complaints/${complaintId}`);
  const card = new SurveyCard(page);
  await expect(card.card).toHaveAttribute('data-status', 'cancelled');
  await expect(card.card).toHaveText(t(T.cardCancelled));
  await expect(card.link).toHaveCount(0);
});

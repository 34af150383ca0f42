import { expect, type APIRequestContext } from '@playwright/test';
import { apiLogIn } from './api';
import { fileOwnComplaint } from './complaintsApi';
import { StaffApi } from './staff';

/** An invitation as `GET /api/v1/staff/surveys` lists it (the fields the tests read). */
export interface InvitationJson {
  id: number;
  case_kind: string;
  case_id: number;
  case_number: string;
  status: string;
  expires_at: string;
  answered_at: string | null;
}

/** A complaint of a demo policyholder that ended (decided, then closed) with its survey sent. */
export interface SurveyedComplaint {
  complaintId: number;
  caseNumber: string;
  invitationId: number;
}

/**
 * Files a complaint for the demo policyholder `phone` through the API and has customer service
 * accept, handle, decide and close it: the closing step writes the satisfaction survey's
 * invitation and its inbox notice.
 */
export async function closedComplaint(
  baseURL: string,
  phone: string,
  staff: StaffApi,
  request: string,
): Promise<SurveyedComplaint> {
  const holder = await apiLogIn(baseURL, phone);
  const { id, case_number } = await fileOwnComplaint(holder, request);
  await holder.dispose();
  await staff.act(id, { action: 'accept' });
  await staff.act(id, { action: 'start_handling' });
  await staff.act(id, { action: 'decide', result: 'upheld', reasons: '经核实，多扣的保费已于今日退还。' });
  await staff.act(id, { action: 'close' });
  const invitations = await staffInvitations(staff.api, 'complaint', id);
  expect(invitations, `the survey of complaint ${id}`).toHaveLength(1);
  expect(invitations[0].status).toBe('open');
  return { complaintId: id, caseNumber: case_number, invitationId: invitations[0].id };
}

/** `GET /api/v1/staff/surveys?case_kind=&case_id=`. */
export async function staffInvitations(
  staff: APIRequestContext,
  caseKind: 'complaint' | 'claim',
  caseId: number,
): Promise<InvitationJson[]> {
  const res = await staff.get(`/api/v1/staff/surveys?case_kind=${caseKind}&case_id=${caseId}`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** The answering link of an open invitation (`GET /api/v1/staff/surveys/{id}` → `link`). */
export async function surveyLink(staff: APIRequestContext, invitationId: number): Promise<string> {
  const res = await staff.get(`/api/v1/staff/surveys/${invitationId}`);
  expect(res.status(), await res.text()).toBe(200);
  const { link } = (await res.json()) as { link: string | null };
  expect(link, 'an open invitation has a link').toMatch(/^\/s\/[A-Za-z0-9_-]+$/);
  return link as string;
}

/** The invitation as staff see it (its status and answers). */
export async function staffSurvey(
  staff: APIRequestContext,
  invitationId: number,
): Promise<{ form: { status: string; answered_via: string | null; answers: Record<string, unknown> } }> {
  const res = await staff.get(`/api/v1/staff/surveys/${invitationId}`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

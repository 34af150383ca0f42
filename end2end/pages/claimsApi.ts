import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { pdfFile, type TestFile } from './files';

/** A claim's kind, as the API names it. */
export type ClaimKind = 'medical' | 'accident' | 'auto' | 'property' | 'life';

/** A step on a claim, as `POST /api/v1/claims/{id}/actions` takes it (core `claim::Command`). */
export type ClaimCommand =
  | { action: 'request_documents'; slots?: Array<{ slot: string; due_on?: string; note?: string }> }
  | {
      action: 'review_documents';
      reviews: Array<
        | { document_id: string; outcome: 'accepted' }
        | { document_id: string; outcome: 'rejected'; reason: string; note?: string }
      >;
      due_on?: string;
    }
  | { action: 'start_investigation'; what: string }
  | { action: 'assess'; amount: number; note?: string }
  | {
      action: 'decide';
      result: 'approved' | 'partly_approved' | 'refused';
      amount?: number;
      refusal_reasons?: string[];
      text?: string;
    }
  | { action: 'notify_refusal' }
  | { action: 'pay'; lines: Array<{ label: string; amount: number }> }
  | { action: string; [detail: string]: unknown };

/** A document in a slot, as the claim page's JSON has it. */
export interface ClaimDocumentJson {
  id: string;
  slot: string;
  file_name: string;
  content_type: string;
  size: number;
  review: { state: string };
}

/** The parts of `GET /api/v1/claims/{id}` the tests read. */
export interface ClaimJson {
  id: number;
  claim_number: string;
  status: string;
  checklist: {
    slots: Array<{
      slot: { key: string; required: boolean };
      status: string;
      documents: ClaimDocumentJson[];
    }>;
  };
  allowed_actions: string[];
  dispute_complaint: { id: number; case_number: string } | null;
}

/** The claim page as the caller sees it. */
export async function getClaim(api: APIRequestContext, id: number): Promise<ClaimJson> {
  const res = await api.get(`/api/v1/claims/${id}`);
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/** The documents of one slot. */
export function slotDocuments(claim: ClaimJson, key: string): ClaimDocumentJson[] {
  const slot = claim.checklist.slots.find((s) => s.slot.key === key);
  if (!slot) throw new Error(`no slot ${key} in claim ${claim.id}`);
  return slot.documents;
}

/** Every document of the claim, slot by slot. */
export function allDocuments(claim: ClaimJson): ClaimDocumentJson[] {
  return claim.checklist.slots.flatMap((s) => s.documents);
}

/** The caller's policy of a kind, via the report form's prefill. */
export async function policyOfKind(
  api: APIRequestContext,
  kind: ClaimKind,
): Promise<{ id: number; number: string }> {
  const res = await api.get('/api/v1/claims/prefill');
  expect(res.status(), await res.text()).toBe(200);
  const { policies } = (await res.json()) as { policies: Array<{ id: number; number: string; kind: string }> };
  const policy = policies.find((p) => p.kind === kind);
  if (!policy) throw new Error(`no ${kind} policy among ${JSON.stringify(policies)}`);
  return { id: policy.id, number: policy.number };
}

/** Yesterday in China (the portal's day), as `YYYY-MM-DD`. */
export function chinaDay(offsetDays = 0): string {
  const now = new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000);
  return now.toISOString().slice(0, 10);
}

/**
 * Reports a claim as the logged-in policyholder, through the API (for tests that need a claim to
 * exist but are not about the form). Returns the receipt's id and claim number.
 */
export async function reportClaim(
  api: APIRequestContext,
  kind: ClaimKind,
  details: { place?: string; description?: string; contact_phone?: string } = {},
): Promise<{ id: number; claim_number: string }> {
  const policy = await policyOfKind(api, kind);
  const prefill = await (await api.get('/api/v1/claims/prefill')).json();
  const res = await api.post('/api/v1/claims', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      policy_id: policy.id,
      kind,
      incident_date: chinaDay(-1),
      incident_time: '08:40',
      place: details.place ?? '上海市徐汇区漕溪北路与中山南二路路口',
      description: details.description ?? '等红灯时被后车追尾，后保险杠受损。',
      contact_phone: details.contact_phone ?? prefill.contact_phone,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Uploads a file whole (`POST /api/v1/uploads?name=`) and returns the upload's id. */
export async function uploadWhole(api: APIRequestContext, file: TestFile = pdfFile('scan.pdf')): Promise<string> {
  const res = await api.post(`/api/v1/uploads?name=${encodeURIComponent(file.name)}`, {
    headers: { 'Content-Type': file.mimeType },
    data: file.buffer,
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = await res.json();
  return String(id);
}

/** Puts a finished upload into a slot (`POST /api/v1/claims/{id}/documents`). */
export async function attach(api: APIRequestContext, claimId: number, uploadId: string, slot: string): Promise<ClaimJson> {
  const res = await api.post(`/api/v1/claims/${claimId}/documents`, { data: { upload_id: uploadId, slot } });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

/** Fills every required slot that still needs a file with a small PDF; returns the claim page. */
export async function fillRequiredSlots(api: APIRequestContext, claimId: number): Promise<ClaimJson> {
  let claim = await getClaim(api, claimId);
  for (const slot of claim.checklist.slots) {
    if (slot.slot.required && (slot.status === 'missing' || slot.status === 'rejected')) {
      claim = await attach(api, claimId, await uploadWhole(api, pdfFile(`${slot.slot.key}.pdf`)), slot.slot.key);
    }
  }
  return claim;
}

/** Claims staff acting through the API (a `StaffApi`'s request context). */
export class StaffClaims {
  constructor(readonly api: APIRequestContext) {}

  async tryAct(claimId: number, command: ClaimCommand): Promise<APIResponse> {
    return this.api.post(`/api/v1/claims/${claimId}/actions`, { data: command });
  }

  /** Sends a step that must succeed; returns the claim page after it. */
  async act(claimId: number, command: ClaimCommand): Promise<ClaimJson> {
    const res = await this.tryAct(claimId, command);
    expect(res.ok(), `${command.action}: ${res.status()} ${await res.text()}`).toBeTruthy();
    return res.json();
  }

  async claim(claimId: number): Promise<ClaimJson> {
    return getClaim(this.api, claimId);
  }

  /** Accepts every document not reviewed yet. */
  async acceptPending(claimId: number): Promise<ClaimJson> {
    const claim = await this.claim(claimId);
    const reviews = allDocuments(claim)
      .filter((d) => d.review.state === 'pending')
      .map((d) => ({ document_id: d.id, outcome: 'accepted' as const }));
    expect(reviews.length, 'documents waiting for review').toBeGreaterThan(0);
    return this.act(claimId, { action: 'review_documents', reviews });
  }
}

import { expect, type APIRequestContext } from '@playwright/test';
import { randomUUID } from 'node:crypto';

/** The caller's complaints (`GET /api/v1/complaints`), newest first. */
export async function ownComplaints(
  api: APIRequestContext,
): Promise<Array<{ id: number; case_number: string; status: string }>> {
  const res = await api.get('/api/v1/complaints?limit=100');
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return Array.isArray(body) ? body : body.items;
}

/**
 * Files a complaint as the logged-in policyholder themself, through the API (for tests that need
 * a complaint to exist but are not about the form). Returns the receipt's id and case number.
 */
export async function fileOwnComplaint(
  api: APIRequestContext,
  request = '请退还多收的保费。',
): Promise<{ id: number; case_number: string }> {
  const prefill = await api.get('/api/v1/complaints/prefill');
  expect(prefill.status(), await prefill.text()).toBe(200);
  const { consumer } = await prefill.json();
  const res = await api.post('/api/v1/complaints', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      filed_as: 'self',
      consumer,
      about: '客服中心',
      category: 'surrender_premium',
      request,
      facts: '2026年10月续期时多扣了一期保费。',
      preferred_contact: 'phone',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return res.json();
}

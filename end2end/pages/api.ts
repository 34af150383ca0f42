import { expect, request, type APIRequestContext } from '@playwright/test';
import { exclusiveOtp } from './otpLock';

/** The demo policyholders seeded in demo mode. */
export const ZHANG_WEI = { phone: '13800138000', name: '张伟' };
export const LI_NA = { phone: '13900139000', name: '李娜' };

/** A separate API client logged in as a demo policyholder (code from `demo_code`). */
export async function apiLogIn(baseURL: string, phone: string): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL });
  await exclusiveOtp(phone, async () => {
    const otp = await api.post('/api/v1/auth/otp', { data: { phone } });
    expect(otp.ok(), await otp.text()).toBeTruthy();
    const { demo_code } = await otp.json();
    expect(demo_code, 'the server runs in demo mode').toMatch(/^\d{6}$/);
    const login = await api.post('/api/v1/auth/login', { data: { phone, code: demo_code } });
    expect(login.ok(), await login.text()).toBeTruthy();
  });
  return api;
}

/** The ids of the caller's own policies, via `GET /api/v1/policies`. */
export async function ownPolicyIds(api: APIRequestContext): Promise<number[]> {
  const res = await api.get('/api/v1/policies');
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  const items: Array<{ id: number }> = Array.isArray(body) ? body : body.items;
  return items.map((p) => p.id);
}

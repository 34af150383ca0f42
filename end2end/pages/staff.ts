import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';

/** The demo staff accounts seeded in demo mode. */
export const HANDLER = { username: 'handler', password: 'handler-demo' };
export const SUPERVISOR = { username: 'supervisor', password: 'supervisor-demo' };

/** A command on a complaint, as `POST /api/v1/complaints/{id}/actions` takes it. */
export type Command =
  | { action: 'request_materials'; items: string[] }
  | { action: 'accept' }
  | { action: 'start_handling' }
  | { action: 'decide'; result: 'upheld' | 'partly_upheld' | 'not_upheld'; reasons: string }
  | { action: 'close' }
  | { action: string; [detail: string]: unknown };

/** Customer service acting through the API, in a request context of its own. */
export class StaffApi {
  private constructor(readonly api: APIRequestContext) {}

  /** Logs a demo staff member in (`POST /api/v1/auth/staff/login`). */
  static async logIn(baseURL: string, who = HANDLER): Promise<StaffApi> {
    const api = await request.newContext({ baseURL });
    const res = await api.post('/api/v1/auth/staff/login', {
      data: { username: who.username, password: who.password },
    });
    expect(res.status(), await res.text()).toBe(200);
    return new StaffApi(api);
  }

  /** Sends a command and returns the raw answer. */
  async tryAct(complaintId: number | string, command: Command): Promise<APIResponse> {
    return this.api.post(`/api/v1/complaints/${complaintId}/actions`, { data: command });
  }

  /** Sends a command that must succeed. */
  async act(complaintId: number | string, command: Command): Promise<void> {
    const res = await this.tryAct(complaintId, command);
    expect(res.ok(), `${command.action}: ${res.status()} ${await res.text()}`).toBeTruthy();
  }

  /** The case as staff see it (`GET /api/v1/complaints/{id}`). */
  async complaint(complaintId: number | string): Promise<{ status: string; case_number: string }> {
    const res = await this.api.get(`/api/v1/complaints/${complaintId}`);
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  }

  async dispose(): Promise<void> {
    await this.api.dispose();
  }
}

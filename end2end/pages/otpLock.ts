import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `use` while no other worker is between asking for a code for `phone` and using it: a new
 * code for a number may replace the one another test is about to type.
 */
export async function exclusiveOtp<T>(phone: string, use: () => Promise<T>): Promise<T> {
  const server = (process.env.BASE_URL ?? '').replace(/\W/g, '_');
  const lock = join(tmpdir(), `portal-e2e-otp-${server}-${phone}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (isStale(lock) || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await use();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > 30_000;
  } catch {
    return false;
  }
}

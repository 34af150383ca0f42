import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import type { TestFile } from './files';

/** Bumped whenever the drawing changes, so that cached photos of an older recipe are not reused. */
const RECIPE = 1;

/**
 * A large phone photo: a real JPEG of 4000×3000 px and about 9–10 MB (an invoice on a table with
 * fine sensor noise, exported by Chromium's encoder at quality 1.0). Drawn once on a canvas in a
 * page of `browser` and kept in the temp dir, so workers and later runs reuse it. Different
 * `seed`s give different pictures (and sizes).
 */
export async function largePhoto(browser: Browser, name: string, seed: number): Promise<TestFile> {
  const dir = join(tmpdir(), 'portal-e2e-photos');
  const path = join(dir, `photo-r${RECIPE}-s${seed}.jpg`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const bytes = await drawPhoto(browser, seed);
    // Another worker may draw the same photo: write aside, then move into place in one step.
    const aside = `${path}.${process.pid}.${Date.now()}`;
    writeFileSync(aside, bytes);
    renameSync(aside, path);
  }
  return { name, mimeType: 'image/jpeg', buffer: readFileSync(path) };
}

async function drawPhoto(browser: Browser, seed: number): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    const base64 = await page.evaluate(async (seed) => {
      const [W, H] = [4000, 3000];
      const canvas = new OffscreenCanvas(W, H);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      // A table under a sheet of paper, lit from one side.
      const light = ctx.createLinearGradient(0, 0, W, H);
      light.addColorStop(0, `hsl(${(seed * 47) % 360}, 20%, 72%)`);
      light.addColorStop(1, `hsl(${(seed * 47 + 40) % 360}, 25%, 38%)`);
      ctx.fillStyle = light;
      ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = '#f4f1ea';
      ctx.fillRect(420, 180, W - 840, H - 360);
      ctx.fillStyle = '#1d1d1d';
      ctx.font = '52px sans-serif';
      for (let y = 320, line = 0; y < H - 260; y += 96, line++) {
        const amount = ((seed * 7919 + line * 104729) % 100000) / 100;
        ctx.fillText(`上海市医疗门诊收费票据 No.${seed}${line} 项目 ${line + 1}  金额 ¥${amount.toFixed(2)}`, 560, y);
      }
      ctx.strokeStyle = '#c0392b';
      ctx.lineWidth = 12;
      ctx.beginPath();
      ctx.arc(W - 1000, H - 700, 260, 0, Math.PI * 2);
      ctx.stroke();
      // Sensor noise: what makes a phone's full-quality JPEG so large.
      const image = ctx.getImageData(0, 0, W, H);
      const data = image.data;
      let state = (seed * 2654435761) >>> 0 || 1;
      for (let i = 0; i < data.length; i += 4) {
        state = (state * 1103515245 + 12345) >>> 0;
        const n = ((state >>> 16) % 5) - 2;
        data[i] = Math.max(0, Math.min(255, data[i] + n));
        data[i + 1] = Math.max(0, Math.min(255, data[i + 1] + n));
        data[i + 2] = Math.max(0, Math.min(255, data[i + 2] - n));
      }
      ctx.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 1.0 });
      // It must decode as an image.
      const decoded = await createImageBitmap(blob);
      if (decoded.width !== W || decoded.height !== H) throw new Error('the photo does not decode');
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(binary);
    }, seed);
    return Buffer.from(base64, 'base64');
  } finally {
    await page.close();
  }
}

/** Whether `bytes` start like a JPEG (SOI marker) and end like one (EOI). */
export function looksLikeJpeg(bytes: Buffer): boolean {
  return (
    bytes.length > 4 &&
    bytes[0] === 0xff &&
    bytes[1] === 0xd8 &&
    bytes[bytes.length - 2] === 0xff &&
    bytes[bytes.length - 1] === 0xd9
  );
}

/**
 * A scanned-looking PDF of about `kib` KiB (a page whose content stream draws many short lines):
 * small enough to be sent as it is, large enough that a changed byte count would show.
 */
export function pagedPdf(name: string, kib = 160): TestFile {
  const lines: string[] = [];
  // The joined length, kept as lines are added (joining each time is quadratic).
  for (let i = 0, length = -1; length < kib * 1024; i++) {
    const [x, y] = [(i * 37) % 560, (i * 53) % 800];
    const line = `${x + 20} ${y + 20} m ${x + 24} ${y + 21} l S`;
    lines.push(line);
    length += line.length + 1;
  }
  const content = lines.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

// Uploads a file through portal-server's tus endpoint with tus-js-client (the reference client):
// 64 KiB chunks; the first client stops after five chunks, a second one resumes from the URL.
// Usage: node upload.mjs <endpoint> <cookie> <file> <claim id>. Prints {"url", "resumed_from"} as JSON.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Upload } from 'tus-js-client';

const [endpoint, cookie, filePath, claimId] = process.argv.slice(2);
const file = readFileSync(filePath);
const common = {
  endpoint,
  chunkSize: 64 * 1024,
  headers: { Cookie: cookie },
  metadata: {
    filename: basename(filePath),
    filetype: 'image/jpeg',
    purpose: 'claim_document',
    claim_id: claimId,
    slot: 'medical_record',
  },
  retryDelays: [0, 200, 500],
  storeFingerprintForResuming: false,
};

const url = await new Promise((resolve, reject) => {
  let chunks = 0;
  const upload = new Upload(file, {
    ...common,
    onChunkComplete() {
      chunks += 1;
      if (chunks === 5) upload.abort().then(() => resolve(upload.url), reject);
    },
    onError: reject,
    onSuccess: () => reject(new Error('the upload finished before the forced stop')),
  });
  upload.start();
});

const head = await fetch(url, { method: 'HEAD', headers: { Cookie: cookie, 'Tus-Resumable': '1.0.0' } });
const resumedFrom = Number(head.headers.get('upload-offset'));

await new Promise((resolve, reject) => {
  const upload = new Upload(file, { ...common, uploadUrl: url, onError: reject, onSuccess: resolve });
  upload.start();
});

console.log(JSON.stringify({ url, resumed_from: resumedFrom }));

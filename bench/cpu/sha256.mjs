// sha256 of 256 MiB held in memory (node:crypto). Prints the digest, then the
// elapsed milliseconds of the hashing (data filled before timing) last.
import { createHash } from 'node:crypto';

const data = new Uint8Array(256 * 1024 * 1024);
const words = new Uint32Array(data.buffer);
let x = 0x9e3779b9;
for (let i = 0; i < words.length; i++) {
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  words[i] = x >>> 0;
}
const t0 = performance.now();
const digest = createHash('sha256').update(data).digest('hex');
const ms = performance.now() - t0;
console.log(digest);
console.log(ms.toFixed(2));

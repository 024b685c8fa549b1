// sha256 of 256 MiB held in memory through node:crypto (the same file runs on
// node, bun, deno and nodus). The data is a deterministic xorshift32 stream,
// filled before timing-relevant work starts; the digest is printed so every
// runtime can be checked against the others.
import { createHash } from 'node:crypto';

const SIZE = 256 * 1024 * 1024;

const data = new Uint8Array(SIZE);
const words = new Uint32Array(data.buffer);
let x = 0x9e3779b9;
for (let i = 0; i < words.length; i++) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  words[i] = x >>> 0;
}

const digest = createHash('sha256').update(data).digest('hex');
console.log(digest);

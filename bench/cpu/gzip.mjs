// gzip of 64 MiB of semi-compressible text through node:zlib's async API.
// Prints the sizes, then the elapsed milliseconds of the compression last.
import { gzip } from 'node:zlib';

const SIZE = 64 * 1024 * 1024;
const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'lorem', 'ipsum',
  'dolor', 'sit', 'amet', 'node', 'stream', 'buffer', 'deflate', 'window', 'match', 'huffman'].map((w) => Buffer.from(w));
const input = Buffer.allocUnsafe(SIZE);
let x = 0x9e3779b9;
for (let at = 0; at < SIZE;) {
  x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
  const w = words[(x >>> 3) % words.length];
  at += w.copy(input, at, 0, Math.min(w.length, SIZE - at));
  if (at < SIZE) input[at++] = (x & 0x300) === 0 ? 10 : 48 + (x >>> 9) % 10;
}
const t0 = performance.now();
const out = await new Promise((resolve, reject) => gzip(input, (err, res) => (err ? reject(err) : resolve(res))));
const ms = performance.now() - t0;
console.log(`gzip ${SIZE} -> ${out.length}`);
console.log(ms.toFixed(2));

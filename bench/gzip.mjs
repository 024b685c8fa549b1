// gzip of 64 MiB of semi-compressible text through node:zlib's async API
// (the same file runs on node, bun, deno and nodus). The data is generated
// deterministically: words drawn by a fixed-seed PRNG from a small vocabulary,
// with digits mixed in, so deflate finds matches but cannot collapse it.
import { gzip } from 'node:zlib';

const SIZE = 64 * 1024 * 1024;
const BLOCK = 4 * 1024 * 1024;

const words = [
  'the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'lorem',
  'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed',
  'do', 'eiusmod', 'tempor', 'incididunt', 'labore', 'magna', 'aliqua', 'node',
  'stream', 'buffer', 'deflate', 'window', 'match', 'literal', 'huffman',
].map((w) => Buffer.from(w));

function makeBlock(seed) {
  const block = Buffer.allocUnsafe(BLOCK);
  let x = seed >>> 0;
  let at = 0;
  while (at < BLOCK) {
    // xorshift32
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    if ((x & 7) === 0) {
      block[at++] = 48 + (x >>> 8) % 10;
      block[at++] = 48 + (x >>> 16) % 10;
    } else {
      const w = words[(x >>> 3) % words.length];
      const n = Math.min(w.length, BLOCK - at);
      w.copy(block, at, 0, n);
      at += n;
    }
    if (at < BLOCK) block[at++] = (x & 0x300) === 0 ? 10 : 32;
  }
  return block;
}

const blocks = [];
for (let i = 0; i < SIZE / BLOCK; i++) blocks.push(makeBlock(0x9e3779b9 + i * 7919));
const input = Buffer.concat(blocks, SIZE);

const out = await new Promise((resolve, reject) => {
  gzip(input, (err, res) => (err ? reject(err) : resolve(res)));
});
console.log(`gzip ${SIZE} -> ${out.length}`);

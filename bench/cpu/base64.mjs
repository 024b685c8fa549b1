// Buffer base64 encode and decode of 64 MiB. Prints the elapsed milliseconds
// of the encode + decode (data filled before timing) last.
const buf = Buffer.allocUnsafe(64 * 1024 * 1024);
let x = 0x9e3779b9;
for (let i = 0; i < buf.length; i += 4) {
  x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
  buf.writeUInt32LE(x >>> 0, i);
}
const t0 = performance.now();
const text = buf.toString('base64');
const back = Buffer.from(text, 'base64');
const ms = performance.now() - t0;
if (!back.equals(buf)) throw new Error('base64 round trip differs');
console.log(`base64 ${text.length} chars`);
console.log(ms.toFixed(2));

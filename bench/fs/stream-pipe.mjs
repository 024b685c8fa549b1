// fs workload: createReadStream(256 MiB file).pipe(createWriteStream('/dev/null')).
// Prints the elapsed ms.
import { createReadStream, createWriteStream } from 'node:fs';
const file = `${process.env.NODUS_BENCH_FS_DIR}/big.bin`;
const t = performance.now();
const rs = createReadStream(file);
const ws = createWriteStream('/dev/null');
let bytes = 0;
rs.on('data', (c) => { bytes += c.length; });
rs.pipe(ws);
await new Promise((resolve, reject) => {
  ws.on('finish', resolve);
  ws.on('error', reject);
  rs.on('error', reject);
});
const ms = performance.now() - t;
if (bytes !== 256 * 1024 * 1024) throw new Error(`short read: ${bytes}`);
console.log(ms.toFixed(3));

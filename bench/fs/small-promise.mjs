// fs workload: fs.promises.readFile of 10,000 small files, Promise.all in
// batches of 100. Prints the elapsed ms.
import { readFile } from 'node:fs/promises';
const dir = `${process.env.NODUS_BENCH_FS_DIR}/small`;
const t = performance.now();
let total = 0;
for (let i = 0; i < 10000; i += 100) {
  const batch = [];
  for (let j = i; j < i + 100; j++) batch.push(readFile(`${dir}/${j}.txt`));
  for (const b of await Promise.all(batch)) total += b.length;
}
const ms = performance.now() - t;
if (total !== 10000 * 1024) throw new Error(`short read: ${total}`);
console.log(ms.toFixed(3));

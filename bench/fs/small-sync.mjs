// fs workload: readFileSync of 10,000 small files. Prints the elapsed ms.
import { readFileSync } from 'node:fs';
const dir = `${process.env.NODUS_BENCH_FS_DIR}/small`;
const t = performance.now();
let total = 0;
for (let i = 0; i < 10000; i++) total += readFileSync(`${dir}/${i}.txt`).length;
const ms = performance.now() - t;
if (total !== 10000 * 1024) throw new Error(`short read: ${total}`);
console.log(ms.toFixed(3));

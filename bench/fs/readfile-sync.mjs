// fs workload: readFileSync of a 256 MiB file. Prints the elapsed ms.
import { readFileSync } from 'node:fs';
const file = `${process.env.NODUS_BENCH_FS_DIR}/big.bin`;
const t = performance.now();
const buf = readFileSync(file);
const ms = performance.now() - t;
if (buf.length !== 256 * 1024 * 1024) throw new Error(`short read: ${buf.length}`);
console.log(ms.toFixed(3));

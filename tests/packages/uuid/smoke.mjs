import { v1, v3, v4, v5, v7, validate, version, parse, stringify, NIL, MAX } from 'uuid';

console.log(v5('hello', v5.URL), v3('hello', v3.DNS));
console.log(v1({ msecs: 1700000000000, nsecs: 42, clockseq: 0x1234, node: Uint8Array.of(1, 2, 3, 4, 5, 6) }));
console.log(v7({ msecs: 1700000000000, seq: 7, random: new Uint8Array(16).fill(9) }));
const r = v4();
console.log(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r), validate(r), version(r));
const bytes = parse('6ba7b810-9dad-11d1-80b4-00c04fd430c8');
console.log(Array.from(bytes.slice(0, 4)), stringify(bytes));
console.log(NIL, MAX, validate('nope'));

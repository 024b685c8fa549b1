// JSON.parse and JSON.stringify of about 50 MB of JSON. Prints the elapsed
// milliseconds of the parse + stringify (data built before timing) last.
const items = [];
for (let i = 0; i < 400000; i++) {
  items.push({ id: i, name: `item-${i}`, tags: ['a', 'b', `t${i % 97}`], price: i * 1.25, ok: i % 3 === 0, nested: { x: i, y: [i, i + 1] } });
}
const text = JSON.stringify(items);
const t0 = performance.now();
const back = JSON.parse(text);
const again = JSON.stringify(back);
const ms = performance.now() - t0;
if (again.length !== text.length) throw new Error('round trip changed the text');
console.log(`json ${(text.length / 1e6).toFixed(1)} MB`);
console.log(ms.toFixed(2));

const merge = require('lodash.merge');
const a = { x: [{ a: 1 }, { b: 2 }], deep: { keep: true, list: [1, 2] } };
const b = { x: [{ c: 3 }], deep: { list: [9], added: 'yes' }, date: new Date(0) };
console.log(JSON.stringify(merge({}, a, b)));
console.log(merge({ a: undefined }, { a: 1 }, { a: undefined }));
class Foo { constructor() { this.v = 1; } }
console.log(merge(new Foo(), { w: 2 }) instanceof Foo);
console.log(merge({}, JSON.parse('{"__proto__": {"polluted": true}}')).polluted, ({}).polluted);

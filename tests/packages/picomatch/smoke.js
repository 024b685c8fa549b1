const picomatch = require('picomatch');
const isMatch = picomatch('*.js');
console.log(isMatch('abcd'), isMatch('a.js'), isMatch('a.md'), isMatch('a/b.js'));
console.log(picomatch.isMatch('src/lib/a.ts', 'src/**/*.{ts,tsx}'), picomatch.isMatch('.env', '*', { dot: true }));
console.log(picomatch('!(*.d).ts')('a.d.ts'), picomatch('foo/{a,b}/*.js')('foo/b/x.js'));
const state = picomatch.scan('!./foo/*.js', { tokens: false });
console.log(state.base, state.glob, state.negated, state.isGlob);
console.log(picomatch.makeRe('*.js').source);
console.log(picomatch.parse('*.js').output);

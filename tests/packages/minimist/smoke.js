const parse = require('minimist');
console.log(parse(['-a', 'beep', '-b', 'boop']));
console.log(parse(['-x', '3', '-y', '4', '-n5', '-abc', '--beep=boop', 'foo', 'bar', 'baz']));
console.log(parse(['--no-color', '--num', '010', '--', '--not-an-option'], { string: ['num'], '--': true }));
console.log(parse(['-v', '--name', 'n', 'rest'], { boolean: ['v'], alias: { n: 'name' }, default: { port: 80 } }));

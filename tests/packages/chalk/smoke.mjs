// chalk is ESM-only: imported, and required (require(esm)) where the line allows it.
import chalk, { Chalk, supportsColor } from 'chalk';
import { createRequire } from 'node:module';

const c = new Chalk({ level: 1 });
console.log(JSON.stringify(c.red('red')), JSON.stringify(c.bold.bgBlue.white('mix')));
console.log(JSON.stringify(new Chalk({ level: 3 }).hex('#ff8800')('hex')));
console.log(JSON.stringify(new Chalk({ level: 0 }).green('plain')));
console.log(typeof chalk.level, typeof supportsColor);
const required = createRequire(import.meta.url)('chalk');
console.log(required.default === chalk, typeof required.Chalk);

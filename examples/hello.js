// nodus examples/hello.js
const { setTimeout: sleep } = require('timers/promises');

console.log('Hello from nodus', process.version, { platform: process.platform, arch: process.arch });
process.nextTick(() => console.log('nextTick runs before promises'));
Promise.resolve().then(() => console.log('then the promise'));
setTimeout(() => console.log('then the timer'), 1);
sleep(5).then(() => console.log('and timers/promises'));

const { Command, Option, InvalidArgumentError } = require('commander');

const program = new Command();
program.name('smoke').version('1.0.0').exitOverride()
  .option('-d, --debug', 'output extra debugging')
  .option('-p, --pizza-type <type>', 'flavour of pizza', 'margherita')
  .addOption(new Option('-s, --size <size>', 'size').choices(['small', 'large']))
  .option('-n, --count <n>', 'a number', (v) => {
    const n = parseInt(v, 10);
    if (Number.isNaN(n)) throw new InvalidArgumentError('Not a number.');
    return n;
  });
program.command('serve <dir>').description('serve a folder').option('--port <port>', 'port', '80')
  .action((dir, opts) => console.log('serve', dir, opts.port));
program.configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stdout.write(`err: ${s}`) });

program.parse(['node', 'smoke', '-d', '--pizza-type', 'cheese', '-s', 'large', '-n', '7', 'serve', 'pub', '--port', '8080']);
console.log(program.opts());
try {
  new Command().exitOverride().configureOutput({ writeErr: (s) => process.stdout.write(`err: ${s}`) })
    .option('-n <n>').parse(['node', 'x', '--nope'], { from: 'node' });
} catch (e) {
  console.log(e.code);
}
console.log(program.helpInformation());

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

const argv = yargs(['serve', '--port', '3000', '-v', '--tag', 'a', '--tag', 'b', 'extra'])
  .scriptName('smoke')
  .command('serve [port]', 'start the server', (y) => y.positional('port', { type: 'number', default: 5000 }))
  .option('verbose', { alias: 'v', type: 'boolean', description: 'Run with verbose logging' })
  .option('tag', { type: 'array' })
  .strict(false)
  .parseSync();
console.log(argv._, argv.port, argv.verbose, argv.v, argv.tag);
console.log(hideBin(['node', 'script', '--x', '1']));
const help = await yargs([]).scriptName('smoke').wrap(70)
  .command('build <target>', 'build a target')
  .option('watch', { alias: 'w', type: 'boolean', description: 'rebuild on changes' })
  .getHelp();
console.log(help);

import { parseArgs } from 'node:util';
import { AppError } from '../platform/errors.js';
import { type Command, UsageError } from './command.js';
import { commands } from './commands.js';

/** The `quietude` command line. Exit codes: 0 done, 1 input rejected (with the reason), 2 usage. */
function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: quietude <command> [args] [--json] [--help]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

function findCommand(words: string[]): { command: Command; rest: string[] } | undefined {
  for (const command of commands) {
    const parts = command.name.split(' ');
    if (parts.every((part, i) => words[i] === part)) return { command, rest: words.slice(parts.length) };
  }
  return undefined;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    console.log(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    console.error(`Unknown command: ${argv.slice(0, 2).join(' ')}\n\n${overview()}`);
    return 2;
  }
  const { command, rest } = found;
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { ...command.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
    json = values.json === true;
    if (values.help) {
      console.log(`Usage: ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (positionals.length < min || positionals.length > max)
      throw new UsageError(`expected ${min === max ? min : `${min} to ${max}`} argument(s)`);
    const result = await command.run({ positionals, values: values as Record<string, string | boolean | undefined> });
    if (result.keepAlive) return -1;
    console.log(json ? JSON.stringify(result.json) : result.text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof AppError && error.status < 500 && error.code !== 'internal') {
      if (json) console.log(JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }));
      console.error(error.message);
      return 1;
    }
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    console.error(`Failed: ${(error as Error).message}`);
    return 1;
  }
}

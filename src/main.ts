import { runCli } from './cli/run-cli.js';

// The `quietude` command (see src/cli/commands.ts for the commands).
const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);

import type { ParseArgsConfig } from 'node:util';

/** One CLI command: its words, its options and what it does. Exit: 0 done, 1 input rejected, 2 usage. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** How many positional arguments it takes (min, max). */
  positionals?: [number, number];
  /** Returns what to print: plain text, and the same facts for --json. */
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined> }): Promise<CommandResult>;
}

export interface CommandResult {
  text: string;
  json: unknown;
  /** Commands that keep running (serve) return keepAlive. */
  keepAlive?: boolean;
}

export class UsageError extends Error {}

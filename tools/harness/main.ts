#!/usr/bin/env node
import { authCommand } from './commands/auth-command';
import { loadCommand } from './commands/load-command';
import { networkCommand } from './commands/network-command';
import { repeatCommand } from './commands/repeat-command';
import { reverseCommand } from './commands/reverse-command';
import { runCommand } from './commands/run-command';

const HELP = `Usage: npm run harness -- <command> [options]   (or: bridge-harness <command>)

A payment-network test harness for the bridge, on the bridge's own ISO 8583 codec.
  auth        one authorization (0100) from flags; prints the 0110
  echo        0800 echo test (DE70 301)
  signon      0800 sign-on (DE70 001)
  signoff     0800 sign-off (DE70 002)
  reverse     0400/0420 of an earlier authorization (by STAN or RRN)
  repeat      0101 repeat of an earlier authorization
  run         scripted scenarios with the expected DE39 per step (tools/harness/scenarios)
  load        load: N connections, a rate or a concurrency; HDR latency histogram
Every command takes --help.`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  auth: authCommand,
  echo: (a) => networkCommand('echo', a),
  signon: (a) => networkCommand('signon', a),
  signoff: (a) => networkCommand('signoff', a),
  reverse: reverseCommand,
  repeat: repeatCommand,
  run: runCommand,
  load: loadCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.log(HELP);
    return name === undefined || name === '--help' || name === '-h' ? 0 : 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`harness: ${(e as Error).message}`);
    process.exit(2);
  },
);

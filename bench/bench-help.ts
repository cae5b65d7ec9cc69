/** What `npm run bench:<name> -- --help` prints: the command, what it measures, its options and environment. */
export interface BenchHelp {
  usage: string;
  about: string[];
  options: [flag: string, meaning: string][];
  environment?: [name: string, meaning: string][];
}

/** Prints the bench's help and exits, before anything runs, when the arguments hold `--help` or `-h`. */
export function helpOnRequest(args: readonly string[], help: BenchHelp): void {
  if (!args.includes('--help') && !args.includes('-h')) return;
  const width = Math.max(...[...help.options, ...(help.environment ?? [])].map(([f]) => f.length), 10) + 2;
  const rows = (list: [string, string][]) => list.map(([f, m]) => `  ${f.padEnd(width)}${m}`);
  process.stdout.write(
    [
      help.usage,
      '',
      ...help.about,
      '',
      'Options:',
      ...rows([...help.options, ['--help, -h', 'this text']]),
      ...(help.environment === undefined ? [] : ['', 'Environment:', ...rows(help.environment)]),
      '',
    ].join('\n'),
  );
  process.exit(0);
}

/** Minimal flag parsing shared by the commands: `--name value`, `--flag`, and positional words. */

export interface ParsedArgs {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(args: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/su, 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (booleanFlags.includes(name) || index + 1 >= args.length || args[index + 1]!.startsWith('--')) flags.set(name, true);
      else flags.set(name, args[(index += 1)]!);
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}

export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

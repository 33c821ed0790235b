import type { Command } from 'commander';
import { parseRules, type RuleText } from './parse.ts';
import type { ItemRules } from './rules.ts';

/** The rule flags as commander parses them (`--exclude-genres` becomes `excludeGenres`). */
export type RuleFlags = Omit<RuleText, 'range'> & { range?: string[] };

/** Adds `--include`, `--exclude`, `--genres`, `--exclude-genres`, `--year`, `--range` and `--diversity`. */
export function addRuleFlags(cmd: Command): Command {
  return cmd
    .option('--include <ids>', 'only these item ids may be recommended (comma-separated)')
    .option('--exclude <ids>', 'never recommend these item ids (comma-separated)')
    .option('--genres <list>', 'only items with one of these genres (comma-separated)')
    .option('--exclude-genres <list>', 'leave out items with any of these genres')
    .option('--year <min..max>', 'only items from these years (either side may be left open: 1990..)')
    .option(
      '--range <name:min..max>',
      'only items whose numeric feature lies in the range (repeatable)',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--diversity <lambda>', 'MMR re-ranking: 1 = relevance only, 0 = most diverse genres');
}

/** The rules the flags ask for, errors naming the flag as typed. */
export function rulesFromFlags(f: RuleFlags): ItemRules {
  return parseRules(f, (field) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
}

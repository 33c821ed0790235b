import type { Command } from 'commander';
import { registerData } from './data.ts';
import { registerImport } from './import.ts';

/** Every CLI command registers itself on the program through one of these (one line per command file). */
export const commands: Array<(program: Command) => void> = [
  registerData,
  registerImport,
];

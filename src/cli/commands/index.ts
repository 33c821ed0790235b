import type { Command } from 'commander';
import { registerBenchKernels } from './bench.ts';
import { registerData } from './data.ts';
import { registerImport } from './import.ts';
import { registerItems } from './items.ts';
import { registerTrain } from './train.ts';
import { registerModels } from './models.ts';
import { registerEval } from './eval.ts';
import { registerRecommend } from './recommend.ts';
import { registerSimilar } from './similar.ts';
import { registerServe } from './serve.ts';
import { registerDemo } from './demo.ts';
import { registerExplain } from './explain.ts';
import { registerBenchExplain } from './bench-explain.ts';
import { registerBenchOnboard } from './bench-onboard.ts';
import { registerTune } from './tune.ts';
import { registerOnboard } from './onboard.ts';

/** Every CLI command registers itself on the program through one of these (one line per command file). */
export const commands: Array<(program: Command) => void> = [
  registerBenchKernels,
  registerData,
  registerImport,
  registerItems,
  registerTrain,
  registerModels,
  registerEval,
  registerRecommend,
  registerSimilar,
  registerServe,
  registerDemo,
  registerExplain,
  registerBenchExplain,
  registerBenchOnboard,
  registerTune,
  registerOnboard,
];

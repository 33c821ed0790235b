// Child process of faults.store.test.ts: waits for a shared start time, then tries once to take the PGlite
// lock of each folder argv[2]/0 … argv[2]/(argv[5]-1) in turn, printing `N won` or `N lost …` per folder, and
// holds the locks it won for argv[4] ms so every rival sees them held. Folder N is tried at start + 100·N ms
// by every opener, so each folder is a separate race.
import { join } from 'node:path';
import { lockDataDir } from '../src/store/pglite/lock.ts';

const [root, startAt, holdMs, count] = [
  process.argv[2]!,
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5] ?? 1),
];
const releases: Array<() => void> = [];
const lines: string[] = [];
for (let k = 0; k < count; k++) {
  // Each folder at its own start time (100 ms apart), so the openers meet afresh at every one.
  while (Date.now() < startAt + 100 * k) {
    // Spin rather than sleep: the openers must race within the same millisecond.
  }
  try {
    releases.push(lockDataDir(join(root, String(k))));
    lines.push(`${k} won`);
  } catch (err) {
    lines.push(`${k} lost ${(err as Error).message}`);
  }
}
process.stdout.write(lines.join('\n') + '\n');
setTimeout(() => releases.forEach((r) => r()), holdMs);

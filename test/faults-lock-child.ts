// Child process of faults.store.test.ts: waits for a shared start time, tries to take the PGlite lock of
// argv[2] once, prints `won` or `lost`, and holds a won lock for argv[4] ms so every rival sees it held.
import { lockDataDir } from '../src/store/pglite/lock.ts';

const [dir, startAt, holdMs] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
while (Date.now() < startAt) {
  // Spin rather than sleep: the openers must race within the same millisecond.
}
try {
  const release = lockDataDir(dir);
  process.stdout.write('won\n');
  setTimeout(() => release(), holdMs);
} catch (err) {
  process.stdout.write(`lost ${(err as Error).message}\n`);
}

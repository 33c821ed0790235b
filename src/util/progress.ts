/** Progress reporting: writes to stderr only when stderr is a TTY, so pipes and `--json` stay clean. */
export interface Progress {
  /** Reports `done` of `total` units of the named phase. */
  update(phase: string, done: number, total?: number): void;
  /** Ends the current line. */
  end(): void;
}

/** A progress reporter that writes nothing. */
export const silentProgress: Progress = { update() {}, end() {} };

/** Returns a stderr progress line when stderr is a TTY, otherwise a silent one. */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silentProgress;
  let last = 0;
  return {
    update(phase, done, total) {
      const now = Date.now();
      if (now - last < 100 && (total === undefined || done < total)) return;
      last = now;
      const pct = total ? ` ${((100 * done) / total).toFixed(1)}%` : '';
      stream.write(`\r${phase}: ${done}${total ? `/${total}` : ''}${pct}\x1b[K`);
    },
    end() {
      stream.write('\n');
    },
  };
}

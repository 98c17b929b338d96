/**
 * @module cli/broken-pipe — standard output closed under us (`gatehouse scan … | head -1`). Node ignores SIGPIPE and
 * reports EPIPE as an 'error' event on stdout, which would crash the process with a stack trace. Instead the command
 * ends quietly with exit 0, as a reader that has all it wants is no failure: `outputClosed` aborts, a scan stops
 * sending packets as on Ctrl-C (its history marked interrupted), and no further output is attempted. Any other
 * stdout error (EIO, ENOSPC) is one line on stderr and exit 1.
 */

export interface OutputWatch {
  /** Aborts when stdout can no longer be written. */
  readonly outputClosed: AbortSignal;
  /** The exit code a closed stdout imposes (0 for a closed pipe, 1 for another write error), or null. */
  exitCode(): number | null;
}

export function watchStdout(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): OutputWatch {
  const ac = new AbortController();
  let code: number | null = null;
  stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (code === null) {
      code = err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' ? 0 : 1;
      if (code !== 0) { stderr.write(`gatehouse: cannot write to standard output: ${err.code ?? err.message}\n`); }
    }
    ac.abort();
  });
  return { outputClosed: ac.signal, exitCode: () => code };
}

/** Waits until `stream` can take more (drain), or can take nothing ever again (closed, destroyed, errored). */
export function writable(stream: NodeJS.WritableStream): Promise<void> {
  const s = stream as NodeJS.WritableStream & { destroyed?: boolean };
  if (s.destroyed === true) { return Promise.resolve(); }
  return new Promise<void>((resolve) => {
    const done = (): void => { s.off('drain', done); s.off('close', done); s.off('error', done); resolve(); };
    s.once('drain', done);
    s.once('close', done);
    s.once('error', done);
  });
}

// The part of `modulus run` that stays in the foreground, shared by the local and Docker runners:
// Ctrl-C (SIGINT) or SIGTERM stops the app gracefully and ends with 0; the supervisor or the
// container ending on its own ends the run with 1 and a message.
export interface Backend {
  /** "the supervisor", "container modulus-web", for messages. */
  readonly label: string;
  /** Resolves when the supervisor or container is gone, with how it ended. */
  readonly ended: Promise<string>;
  /** Asks it to stop the app and exit; `ended` resolves once it has. */
  stop(): Promise<void>;
  /** What to show when it ended on its own (its last output lines). */
  failureDetails(): string | Promise<string>;
}

export interface ForegroundOptions {
  readonly backend: Backend;
  readonly log: (line: string) => void;
  /** Runs once the backend is gone, whichever way (final log lines, records). */
  readonly cleanup: () => Promise<void>;
  /** Called when a stop begins (to stop watchers). */
  readonly onStopping?: () => void;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function holdForeground(options: ForegroundOptions): Promise<number> {
  const { backend, log } = options;
  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal}: still stopping the app (it gets its stopwaitsecs to exit)`);
      return;
    }
    log(`${signal}: stopping the app`);
    options.onStopping?.();
    stopping = backend.stop().catch((err: Error) => log(`could not stop cleanly: ${err.message}`));
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    const how = await backend.ended;
    if (stopping) {
      await stopping;
      await options.cleanup();
      log('stopped');
      return 0;
    }
    options.onStopping?.();
    await options.cleanup();
    log(`${backend.label} ended on its own (${how}); the app is not running`);
    const details = await backend.failureDetails();
    if (details !== '') process.stderr.write(`${details}\n`);
    return 1;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}

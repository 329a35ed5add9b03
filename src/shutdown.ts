/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 (or 1 if stopping failed). A second signal
 * while stopping exits at once. In containers run `node` directly: npm does not pass SIGTERM on.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(1);
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('fleetgraph: shutdown failed:', error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

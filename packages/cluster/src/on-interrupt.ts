const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * While a job runs, Ctrl-C first runs `cleanup` (cancel the flow, remove keys and files: async work a
 * plain exit would cut short), then the handlers that were there before (the CLI's prints and exits),
 * or the default action when there were none. A second Ctrl-C during cleanup goes straight through.
 * Returns a function that puts things back as they were.
 */
export function onInterrupt(cleanup: () => Promise<void>): () => void {
  const saved = new Map<NodeJS.Signals, ((...args: unknown[]) => void)[]>();
  for (const s of SIGNALS) saved.set(s, process.listeners(s) as ((...args: unknown[]) => void)[]);
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    for (const s of SIGNALS) {
      process.removeListener(s, handler);
      for (const l of saved.get(s) ?? []) if (!process.listeners(s).includes(l)) process.on(s, l);
    }
  };
  const handler = (signal: NodeJS.Signals): void => {
    restore();
    const passOn = (): void => {
      const previous = saved.get(signal) ?? [];
      if (previous.length === 0) process.kill(process.pid, signal);
      else for (const l of previous) l(signal);
    };
    cleanup().then(passOn, passOn);
  };
  for (const s of SIGNALS) {
    process.removeAllListeners(s);
    process.on(s, handler);
  }
  return restore;
}

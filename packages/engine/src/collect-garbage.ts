import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full V8 garbage collection on the calling thread. Node exposes `gc` only with `--expose-gc`; setting the flag
 * at run time makes the next context created get it, so a fresh context hands it over. A group-by that spills
 * drops tens of megabytes of typed arrays at once, and with a JS heap of a few megabytes V8 may leave them
 * resident for seconds: the memory governor asks for this after each spill so that RSS follows its accounting.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * The hooks rich front ends look for, as registered symbols so that core imports nothing: Jupyter's JavaScript
 * kernels (Deno's) call `[JUPYTER_DISPLAY]()` for a MIME bundle; Node's `util.inspect` (the REPL, `console.log`)
 * calls `[INSPECT_CUSTOM]()`.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display');
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/** A MIME bundle: what a notebook shows, richest first (`text/html`), with `text/plain` for plain front ends. */
export interface MimeBundle {
  readonly 'text/plain': string;
  readonly 'text/html'?: string;
}

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DfError } from '@df-stream/core';
import type { z as Z, ZodType } from 'zod';

/** zod's builder, `z` of `import { z } from 'zod'`. */
export type ZodBuilder = typeof Z;

let zod: ZodBuilder | undefined;

/**
 * The one zod of the process, loaded on first use unless a program handed its own first (`useZod`). Evaluating it
 * costs ~110 ms of CPU (more than all of io's split-thread modules): an import of io, a CSV read and every split
 * thread would pay for it, so only what validates with zod loads it (the writers, `sink`, the CLI, the cluster).
 * Loaded as core's `arrowModule` loads apache-arrow: synchronously (options are checked in constructors), by
 * `require()` of the ES module file `import 'zod'` resolves to. The cluster builds its task schemas with this one
 * too, so that they and io's split schemas inside them are one instance, whoever loaded it.
 */
export function sharedZod(): ZodBuilder {
  if (zod === undefined) {
    if (process.features.require_module !== true) {
      throw new DfError('usage', `df-stream needs Node.js 20.19 or later (this is ${process.version})`, { hint: 'upgrade Node.js' });
    }
    zod = (createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('zod'))) as { z: ZodBuilder }).z;
  }
  return zod;
}

/**
 * Hands io the zod a program has loaded already, before io needs one: the CLI bundles zod into its own module (one
 * file loads in about half the time of zod's ~95 modules), and its schemas and io's must be one instance (its
 * `ZodError` checks, schemas of both in one object). Ignored once io has loaded its own.
 */
export function useZod(z: ZodBuilder): void {
  zod ??= z;
}

/** A format's option schemas, built (and zod loaded) the first time they are asked for. */
export function lazySchemas<T>(build: (z: ZodBuilder) => T): () => T {
  let schemas: T | undefined;
  return () => {
    schemas ??= build(sharedZod());
    return schemas;
  };
}

/** An error for every check of one option: `name must be <rule>, got <value>`. */
export function mustBe(name: string, rule: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `${name} must be ${rule}, got ${shown(issue.input)}` };
}

/**
 * `options` checked against `schema` (one of a format's option schemas), with defaults applied. The first problem is a
 * usage error that names the option: the schema's own message, or one made here; unknown keys are listed with the
 * known ones (`what` says whose: 'CSV write').
 */
export function parseOptions<S extends ZodType>(schema: S, options: unknown, what: string): Z.output<S> {
  const result = schema.safeParse(options ?? {}, {
    error: (issue) => {
      const name = issue.path === undefined || issue.path.length === 0 ? `${what} options` : issue.path.join('.');
      if (issue.code === 'invalid_type') return `${name} must be ${article(issue.expected)}, got ${shown(issue.input)}`;
      return `${name}: ${issue.message ?? issue.code}`;
    },
  });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const known = 'shape' in schema ? Object.keys(schema.shape as object) : [];
    throw new DfError('usage', `unknown ${what} option(s): ${issue.keys.join(', ')}; known: ${known.join(', ')}`);
  }
  throw new DfError('usage', issue.message);
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** An integer option of at least 1, with the error `name must be a positive integer, got x`. */
export function positiveInt(z: ZodBuilder, name: string) {
  return z.number(mustBe(name, 'a positive integer')).int(mustBe(name, 'a positive integer')).min(1, mustBe(name, 'a positive integer'));
}

/** An integer option of at least 0, with the error `name must be a non-negative integer, got x`. */
export function nonNegativeInt(z: ZodBuilder, name: string) {
  return z.number(mustBe(name, 'a non-negative integer')).int(mustBe(name, 'a non-negative integer')).min(0, mustBe(name, 'a non-negative integer'));
}

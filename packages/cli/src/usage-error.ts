import { DfError } from '@df-stream/core';

/** A mistake in how the command was called: exit code 2, with a hint. */
export class UsageError extends DfError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint });
    this.name = 'UsageError';
  }
}

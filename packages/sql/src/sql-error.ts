import { DfError } from '@df-stream/core';

/**
 * A mistake in SQL text (syntax, an unsupported construct, an unknown function): a usage error (exit 2) whose
 * message may show the text with a caret under the spot, on the lines under its headline.
 */
export class SqlError extends DfError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint });
    this.name = 'SqlError';
  }
}

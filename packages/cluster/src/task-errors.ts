import { DfError } from '@df-stream/core';
import { UnrecoverableError } from 'bullmq';

/** A job the user cancelled: not retried, and reported as what it is. */
export function cancelledError(): DfError {
  const err = new DfError('usage', 'the job was cancelled', { code: 'cancelled' });
  err.name = 'CancelledError';
  return err;
}

/** A task the worker refuses (bad payload, other version, shared directory not visible): never retried. */
export function refuseTask(message: string, hint?: string): UnrecoverableError {
  const err = new DfError('usage', message, { hint, code: 'cluster-task' });
  err.name = 'ClusterTaskError';
  return new UnrecoverableError(encodeError(err));
}

/**
 * Whether retrying elsewhere could help: bad data, a bad call or a cancel fails the same way everywhere, so the
 * job fails now; an io or internal failure may be the machine's (a full disk, a crash), so BullMQ retries.
 */
export function isFinal(error: DfError): boolean {
  return error.kind === 'data' || error.kind === 'usage';
}

/** BullMQ keeps only a failed job's message: the error travels inside it in the one wire format, as JSON. */
export function encodeError(error: DfError): string {
  return JSON.stringify(error.toWire());
}

/** The error a task failed with, rebuilt on the coordinator with its name, kind, hint and location. */
export function decodeError(failedReason: string | undefined, where: string): DfError {
  let value: unknown;
  try {
    value = JSON.parse(failedReason ?? '');
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || typeof (value as { message?: unknown }).message !== 'string') {
    return new DfError('internal', `${where} failed: ${failedReason ?? 'unknown reason'}`);
  }
  return DfError.fromWire(value);
}

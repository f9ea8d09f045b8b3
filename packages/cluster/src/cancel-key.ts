/** A job's cancel flag: raised by its coordinator, polled by workers running its tasks. */
export function cancelKey(prefix: string, queue: string, jobId: string): string {
  return `${prefix}:${queue}:df-cancel:${jobId}`;
}

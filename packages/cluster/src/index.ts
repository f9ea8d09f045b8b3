export { type ClusterAggregateOptions, ClusterAggregateSource, type ClusterProgressEvent, clusterAggregate } from './cluster-aggregate.js';
export { type ClusterConnection, DEFAULT_PREFIX, DEFAULT_QUEUE, type QueueSettings, redact, redisOptions } from './cluster-connection.js';
export type { ClusterRunProgress } from './cluster-run.js';
export { type ClusterWorkerHandle, type ClusterWorkerOptions, startClusterWorker } from './cluster-worker.js';
export { toWireSplit } from './split-reader.js';
export { TASK_VERSION } from './task-payload.js';

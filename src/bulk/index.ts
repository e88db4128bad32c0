import type { Runtime } from '../core/dispatch.js';
import { BulkJob } from './job.js';
import type { JobRequest } from './start.js';

export type { BulkAction, BulkActions } from './action.js';
export type { BulkCheckpoint, ListingPosition } from './checkpoint.js';
export type { BulkJob, BulkResult, BulkSummary } from './job.js';
export type { BulkFilter, BulkJobOptions, BulkOptions, BulkReassignOptions } from './options.js';

/**
 * A bulk job on a runtime; it starts when it is iterated or awaited. Bad options, an action the provider
 * lacks or a checkpoint of another job reject it before any request. The engine is loaded when a job
 * starts, so an app that never runs one does not carry it in its bundle.
 */
export function bulkJob(rt: Runtime, request: JobRequest): BulkJob {
  return new BulkJob(async (channel) => (await import('./start.js')).startJob(rt, request, channel));
}

import type { Runtime } from '../core/dispatch.js';
import { Engine } from './engine.js';
import type { BulkSummary, JobChannel } from './job.js';
import { type BulkOptions, type BulkReassignOptions, checkJob, reassignJob } from './options.js';

/** What a job was asked to do: `run`'s options, or `reassign`'s. */
export type JobRequest = { run: BulkOptions } | { reassign: BulkReassignOptions };

/** Checks a job's options and runs it to its summary. */
export function startJob(rt: Runtime, request: JobRequest, channel: JobChannel): Promise<BulkSummary> {
  const options = 'run' in request ? request.run : reassignJob(request.reassign);
  return new Engine(rt, checkJob(rt.provider.name, options), channel).run();
}

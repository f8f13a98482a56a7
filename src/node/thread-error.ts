import { GfpError } from '../errors.js';

/** What a worker thread reports of an error it caught (errors cross threads as plain data). */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/** A kernel failed on a worker thread (or a worker died); `cause` is the worker's error. */
export class ThreadError extends GfpError {
  constructor(message: string, failure?: WorkerFailure) {
    super('DATA', message, failure === undefined ? undefined : { cause: Object.assign(new Error(failure.message), { name: failure.name, stack: failure.stack }) });
  }
}

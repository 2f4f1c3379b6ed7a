/**
 * Why an ingest refused a file, in a module of its own: the commands that only read the store check for it without
 * loading the format readers.
 */

/** Refused input: the file is missing, unreadable, or holds no recognisable document. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'IngestError';
  }
}

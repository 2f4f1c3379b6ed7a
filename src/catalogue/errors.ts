/** Typed ingest errors that name what was attempted and where. */

export class IngestError extends Error {
  constructor(
    message: string,
    /** 1-based line of the seed file the ingest could not read, when there is one. */
    readonly line?: number,
    readonly file?: string,
  ) {
    super(line === undefined ? message : `${file ?? 'seed'}:${line}: ${message}`);
    this.name = 'IngestError';
  }
}

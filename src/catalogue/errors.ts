/** Typed ingest errors that name what was attempted and where. */

export class IngestError extends Error {
  constructor(
    /** What could not be read, in Vietnamese. */
    readonly reason: string,
    /** 1-based line of the seed file the ingest could not read, when there is one. */
    readonly line?: number,
    readonly file?: string,
  ) {
    super(line === undefined ? `${file ? `${file}: ` : ''}${reason}` : `${file ?? 'seed'}:${line}: ${reason}`);
    this.name = 'IngestError';
  }

  /** The same error, naming the file it came from. */
  inFile(file: string): IngestError {
    return new IngestError(this.reason, this.line, file);
  }
}

/** Typed failures of the officials' module; each message says what was attempted. */

/** An administrator's request that cannot be carried out (already registered, not found …). */
export class OfficialsAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfficialsAdminError';
  }
}

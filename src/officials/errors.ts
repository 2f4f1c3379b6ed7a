/** Typed failures of the officials' module; each message says what was attempted. */

/** An agency name that matches no agency of the directory under any accepted alias. */
export class UnknownAgencyError extends Error {
  constructor(
    readonly given: string,
    /** Canonical names of the closest agencies, best first (may be empty). */
    readonly closeMatches: string[],
  ) {
    super(
      `Không tìm thấy cơ quan "${given}" trong danh mục (unknown agency "${given}")` +
        (closeMatches.length > 0 ? `. Có phải: ${closeMatches.join('; ')}?` : '. Dùng tên đầy đủ, ví dụ "Sở Y tế".'),
    );
    this.name = 'UnknownAgencyError';
  }
}

/** An administrator's request that cannot be carried out (already registered, not found …). */
export class OfficialsAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OfficialsAdminError';
  }
}

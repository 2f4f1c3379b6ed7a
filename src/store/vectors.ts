/**
 * pgvector values travel as text on both engines: `'[1,2,3]'` in, cast with `$n::vector` in SQL; the same text
 * comes back when a vector column is selected. No pgvector npm package is needed.
 */

export class InvalidVectorError extends Error {
  constructor(readonly detail: string) {
    super(`Vector không hợp lệ (invalid vector): ${detail}`);
    this.name = 'InvalidVectorError';
  }
}

/** `[0.1, 2, -3]` → `'[0.1,2,-3]'`; refuses empty vectors and non-finite numbers. */
export function vectorLiteral(vector: readonly number[]): string {
  if (vector.length === 0) throw new InvalidVectorError('empty');
  for (const value of vector) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidVectorError(`non-finite component ${String(value)}`);
  }
  return `[${vector.join(',')}]`;
}

/** The text form pgvector prints (`'[1,2,3]'`) → numbers. */
export function parseVector(text: string): number[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) throw new InvalidVectorError(`not a vector literal: ${trimmed.slice(0, 40)}`);
  const inner = trimmed.slice(1, -1).trim();
  if (inner === '') return [];
  return inner.split(',').map((part) => {
    const value = Number(part);
    if (!Number.isFinite(value)) throw new InvalidVectorError(`component ${part}`);
    return value;
  });
}

/** Text helpers shared by the adapters: splitting under platform limits, the citation line, secret redaction. */
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import type { Citation, Reply } from '../engine/types.ts';

/**
 * Splits `text` into chunks of at most `limit` characters (UTF-16 code units, never cutting a surrogate pair),
 * preferring line boundaries, then spaces, then a hard cut. Joining the chunks with the separators they were cut
 * at gives back the text with only the cut white space removed.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError(`splitText: limit must be >= 2, got ${limit}`);
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = window.lastIndexOf('\n', limit);
    if (cut < limit / 2) {
      const space = window.lastIndexOf(' ', limit);
      cut = space >= limit / 2 ? space : cut;
    }
    let skip = 1;
    if (cut <= 0) {
      cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      skip = 0;
    }
    const chunk = rest.slice(0, cut).trimEnd();
    if (chunk.length > 0) chunks.push(chunk);
    rest = rest.slice(cut + skip).replace(/^\n+/, '');
  }
  if (rest.trim().length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

/** "Nguồn: PL2.11 · II.A.3.g" or null when there is nothing to cite. */
export function citationLine(citations: readonly Citation[]): string | null {
  const labels = [
    ...new Set(citations.map((citation) => citation.label ?? citation.id)),
  ];
  return labels.length > 0 ? `${CHANNEL_MESSAGES.sourcesLabel}: ${labels.join(' · ')}` : null;
}

/**
 * Plain-text rendering for channels without buttons or formatting (Zalo): the answer, the choices to type
 * (button texts, which the engine accepts typed) unless the answer already ends with them ("…không? Có / Không"),
 * then the citation line.
 */
export function plainReplyText(reply: Pick<Reply, 'text' | 'citations' | 'buttons'>): string {
  const parts = [reply.text];
  if (reply.buttons && reply.buttons.length > 0) {
    const choices = reply.buttons.map((button) => button.text).join(' / ');
    if (!reply.text.trimEnd().endsWith(choices)) parts.push(`${CHANNEL_MESSAGES.choicesLabel}: ${choices}`);
  }
  const line = citationLine(reply.citations);
  if (line) parts.push(line);
  return parts.join('\n\n');
}

const TELEGRAM_TOKEN = /(?<![0-9])\d{5,}:[A-Za-z0-9_-]{30,}/g;
const TOKEN_PARAMETER = /((?:access_token|refresh_token|secret_key|token|secret)["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi;
/**
 * A token named in prose rather than as a parameter: "refresh_token abc…", "access token 'abc…'". OAuth servers echo
 * the token they refused this way; 16 characters keeps ordinary words ("access token is invalid") intact.
 */
const NAMED_TOKEN = /\b((?:access|refresh)[_ -]?token)\b([\s"'`(\[<]{1,4})[A-Za-z0-9._~+/=-]{16,}/gi;
/** A long unbroken opaque run (Zalo OA tokens are a few hundred characters), whatever names it. */
const OPAQUE_RUN = /[A-Za-z0-9_-]{80,}/g;

/**
 * Removes bot tokens, `access_token=…`-style values, tokens named in prose, long opaque strings and every configured
 * secret from a log string. Patterns matter as much as the list: a refreshed token is not among the configured ones.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(TELEGRAM_TOKEN, '[redacted]')
    .replace(TOKEN_PARAMETER, '$1[redacted]')
    .replace(NAMED_TOKEN, '$1$2[redacted]')
    .replace(OPAQUE_RUN, '[redacted]');
}

/** A log-safe description of an error: name and redacted message, no stack frames with request data. */
export function describeError(error: unknown, secrets: readonly string[] = []): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: redactSecrets(error.message, secrets) };
  return { name: typeof error, message: redactSecrets(String(error), secrets) };
}

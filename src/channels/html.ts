/**
 * Escaping for the server-rendered pages: every text that comes from a document, a user or a status note goes
 * through `escapeHtml` (element content and quoted attribute values alike); JSON embedded in a `<script>` element
 * through `scriptJson`. Nothing else is ever written into HTML unescaped.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe to embed in a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A path segment for a citation id (`101:PL2.11`, `II.A.3.g`, `MĐ`): percent-encoded, `:` kept readable. */
export function idSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

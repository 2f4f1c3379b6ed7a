/**
 * The web chat page: one self-contained HTML document (inline CSS and JS, no external assets) so it works on
 * an intranet and under a strict Content-Security-Policy (the script and the style are allowed by their hashes).
 * The conversation is kept in the browser's localStorage (never on the server) and rendered back with
 * `textContent` only, so a stored answer cannot inject markup. Citations link to the pages of src/channels/web-pages.ts.
 */
import { createHash } from 'node:crypto';
import { CHANNEL_MESSAGES, DESK_MESSAGES, type Deployment } from '../engine/messages.ts';
import { escapeHtml, scriptJson } from './html.ts';

/** The page's texts that depend on the deployment and the loaded documents, filled by the caller. */
export interface WebChatTexts {
  title: string;
  subtitle: string;
  welcome: string;
  /** The header's first line: the body that runs the service ("Ủy ban nhân dân tỉnh …"). */
  issuingBody: string;
  /** The footer's hotline ("Tổng đài hỏi đáp 1022") and its number for the tel: link. */
  hotline: string;
  hotlineNumber: string;
  portal: { name: string; url: string };
}

/** The page's texts for a deployment; `documents`: the loaded documents' names, as the subtitle lists them. */
export function webChatTexts(d: Deployment, documents: string): WebChatTexts {
  const W = CHANNEL_MESSAGES.webChat;
  return {
    title: W.title(d),
    subtitle: W.subtitle(documents),
    welcome: W.welcome(d),
    issuingBody: d.issuingBody,
    hotline: W.hotline(d),
    hotlineNumber: d.hotlineNumber,
    portal: { name: d.portal, url: d.portalUrl },
  };
}

export interface WebChatPageOptions {
  /** Inside the portal widget's iframe: a compact header, links open in a new tab. */
  embed?: boolean;
  /** Origins allowed to frame the page (the widget's allow-list); the page's own origin always is. */
  frameAncestors?: readonly string[];
  /** How often the page asks for the 1022 desk's replies while a desk conversation is open (tests shorten it). */
  deskPollMs?: number;
}

const script = (T: Record<string, unknown>) => `
const T = ${scriptJson(T)};
const form = document.getElementById('ask');
const input = document.getElementById('question');
const sendButton = document.getElementById('send');
const log = document.getElementById('log');
const live = document.getElementById('live');
const status = document.getElementById('status');
const suggestions = document.getElementById('suggestions');
const storageKey = 'assistant-chat-v1';
const MAX_KEPT = 60;
let state = { conversationId: null, messages: [] };
try {
  const saved = JSON.parse(localStorage.getItem(storageKey) || 'null');
  if (saved && Array.isArray(saved.messages)) state = { conversationId: typeof saved.conversationId === 'string' ? saved.conversationId : null, messages: saved.messages.slice(-MAX_KEPT), desk: saved.desk === true, deskAfter: Number(saved.deskAfter) || 0 };
} catch (e) { /* unreadable or private mode: a new conversation */ }

function save() {
  try { localStorage.setItem(storageKey, JSON.stringify({ conversationId: state.conversationId, messages: state.messages.slice(-MAX_KEPT), desk: state.desk === true, deskAfter: state.deskAfter || 0 })); } catch (e) { /* private mode */ }
}

const PAGES = { task: '/nhiem-vu/', section: '/muc/', document: '/van-ban/' };
function sourceLink(citation) {
  const base = PAGES[citation.kind];
  const text = citation.label || citation.id;
  if (!base || typeof citation.id !== 'string') {
    const chip = document.createElement('span');
    chip.className = 'chip';
    chip.textContent = text;
    return chip;
  }
  const link = document.createElement('a');
  link.className = 'chip';
  link.href = base + encodeURIComponent(citation.id).replace(/%3A/gi, ':');
  link.textContent = text;
  if (T.embed) { link.target = '_blank'; link.rel = 'noopener'; }
  return link;
}

function listHref(list) {
  const params = new URLSearchParams();
  for (const key of ['document', 'agency', 'role', 'from', 'to', 'status']) {
    if (typeof list[key] === 'string' && list[key] !== '') params.set(key, list[key]);
  }
  return '/danh-sach?' + params.toString();
}

function render(message, live) {
  const item = document.createElement('li');
  item.className = 'msg ' + (message.role === 'user' ? 'user' : 'assistant');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = message.role === 'user' ? T.you : message.role === 'operator' ? T.operator : T.assistant;
  const body = document.createElement('p');
  body.className = 'text';
  body.textContent = String(message.text || '');
  item.append(who, body);
  const citations = Array.isArray(message.citations) ? message.citations : [];
  if (citations.length > 0) {
    const sources = document.createElement('p');
    sources.className = 'sources';
    const label = document.createElement('span');
    label.className = 'sources-label';
    label.textContent = T.sources;
    sources.append(label);
    const seen = new Set();
    for (const citation of citations) {
      const text = citation.label || citation.id;
      // A long list shows its first sources; "Xem tất cả" opens the rest.
      if (seen.has(text) || seen.size >= (message.list ? 12 : 24)) continue;
      seen.add(text);
      sources.append(sourceLink(citation));
    }
    item.append(sources);
  }
  if (message.list && typeof message.list === 'object') {
    const more = document.createElement('p');
    more.className = 'more';
    const link = document.createElement('a');
    link.href = listHref(message.list);
    link.textContent = T.seeAll;
    if (T.embed) { link.target = '_blank'; link.rel = 'noopener'; }
    more.append(link);
    item.append(more);
  }
  if (live && Array.isArray(message.buttons) && message.buttons.length > 0) {
    const row = document.createElement('div');
    row.className = 'choices';
    for (const choice of message.buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.text;
      button.addEventListener('click', () => ask(choice.data));
      row.append(button);
    }
    item.append(row);
  }
  log.append(item);
  return item;
}

/** The newest message in full view: its top when it is taller than the window, else its end. */
function reveal(item) {
  const tall = item.getBoundingClientRect().height > window.innerHeight - 16;
  item.scrollIntoView({ block: tall ? 'start' : 'end' });
}

function addMessage(message) {
  state.messages.push(message);
  save();
  const item = render(message, true);
  if (message.role !== 'user') live.textContent = message.text;
  reveal(item);
  return item;
}

function showSuggestions(reason) {
  const list = (reason && T.followUps[reason]) || T.suggestions;
  suggestions.replaceChildren();
  for (const text of list) {
    const li = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'suggestion';
    button.textContent = text;
    button.addEventListener('click', () => ask(text));
    li.append(button);
    suggestions.append(li);
  }
}

async function ask(text) {
  const question = String(text).trim();
  if (question === '' || sendButton.disabled) return;
  addMessage({ role: 'user', text: question });
  sendButton.disabled = true;
  form.setAttribute('aria-busy', 'true');
  status.textContent = T.sending;
  let reason = null;
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(state.conversationId ? { text: question, conversationId: state.conversationId } : { text: question }),
    });
    const data = await response.json();
    if (!response.ok) {
      addMessage({ role: 'assistant', text: data.error || T.networkError });
    } else {
      state.conversationId = data.conversationId;
      reason = data.reason || null;
      // A message forwarded to the 1022 desk after the first gets no reply of its own: the operator answers.
      if (data.answer !== '') addMessage({ role: 'assistant', text: data.answer, citations: data.citations, buttons: data.buttons, list: data.list, reason });
      if (data.outcome === 'handoff' && (data.reason === 'queued' || data.reason === 'forwarded')) startDeskPoll();
      if (data.outcome === 'handoff' && data.reason === 'ended') stopDeskPoll();
    }
  } catch (e) {
    addMessage({ role: 'assistant', text: T.networkError });
  } finally {
    sendButton.disabled = false;
    form.removeAttribute('aria-busy');
    status.textContent = '';
    showSuggestions(reason);
    input.focus({ preventScroll: true });
  }
}

// While a desk conversation is queued or open, the operators' replies are fetched every few seconds (the web chat
// cannot be pushed to); the poll stops when the conversation is closed.
let deskTimer = null;
function stopDeskPoll() {
  if (deskTimer) clearInterval(deskTimer);
  deskTimer = null;
  state.desk = false;
  save();
}
async function pollDesk() {
  try {
    const response = await fetch('/api/chat/desk?after=' + encodeURIComponent(String(state.deskAfter || 0)));
    if (!response.ok) return;
    const data = await response.json();
    for (const message of Array.isArray(data.messages) ? data.messages : []) {
      state.deskAfter = Math.max(state.deskAfter || 0, Number(message.id) || 0);
      addMessage({ role: 'operator', text: message.text });
    }
    if (data.status !== 'queued' && data.status !== 'open') stopDeskPoll();
    else save();
  } catch (e) { /* offline: the next tick tries again */ }
}
function startDeskPoll() {
  state.desk = true;
  save();
  if (!deskTimer) deskTimer = setInterval(pollDesk, T.deskPollMs);
}

for (const message of state.messages) render(message, false);
if (state.desk) { startDeskPoll(); pollDesk(); }
const last = state.messages[state.messages.length - 1];
showSuggestions(last && last.role !== 'user' ? last.reason : null);
if (state.messages.length > 0) reveal(log.lastElementChild);

document.getElementById('new').addEventListener('click', () => {
  state = { conversationId: null, messages: [] };
  try { localStorage.removeItem(storageKey); } catch (e) { /* private mode */ }
  while (log.children.length > 1) log.lastElementChild.remove();
  live.textContent = '';
  showSuggestions(null);
  input.value = '';
  input.focus();
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (sendButton.disabled || input.value.trim() === '') return;
  const text = input.value;
  input.value = '';
  ask(text);
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
`;

/** Colours and spacing shared with the source pages (src/channels/web-pages.ts): one look for the whole site. */
export const BASE_STYLE = `
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;background:#f4f6f9;color:#1a1a1a;line-height:1.5;display:flex;flex-direction:column;min-height:100vh}
a{color:#0b4f9c}
a:hover{color:#06325f}
.site-header{background:#0b4f9c;color:#fff;padding:.85rem 1rem;border-bottom:4px solid #c8102e}
.site-header .wrap,.site-footer .wrap{max-width:48rem;margin:0 auto}
.issuer{font-size:.85rem;font-weight:600;letter-spacing:.02em;text-transform:uppercase;margin:0 0 .2rem;opacity:.95}
.site-header h1{font-size:1.2rem;margin:0 0 .25rem;line-height:1.3}
.site-header p{margin:0;font-size:.95rem}
.site-header a{color:#fff}
.site-footer{background:#e6eaf0;border-top:1px solid #c9d1dc;padding:1rem;font-size:.9rem;color:#33475b;margin-top:auto}
.site-footer p{margin:.2rem 0}
.site-footer .disclaimer{font-style:italic}
:focus-visible{outline:3px solid #c95a00;outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-4rem;background:#fff;color:#0b4f9c;padding:.5rem .75rem;border:2px solid #0b4f9c;border-radius:.25rem;z-index:10}
.skip:focus{top:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:30rem){.site-header h1{font-size:1.05rem}}
`;

const STYLE = `${BASE_STYLE}
main{width:100%;max-width:48rem;margin:0 auto;padding:1rem;flex:1}
.toolbar{display:flex;justify-content:flex-end;margin:0 0 .75rem}
#log{list-style:none;margin:0;padding:0}
.msg{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:.75rem 1rem;margin:0 0 .75rem;scroll-margin:.5rem}
.msg.user{background:#e7f0fb;border-color:#9fbde3;margin-left:2rem}
.msg.assistant{margin-right:2rem}
.who{display:block;font-weight:700;font-size:.85rem;color:#33475b}
.text{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.sources{margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;font-size:.85rem}
.sources-label{color:#33475b}
.chip{display:inline-block;background:#fff4d6;color:#4a3500;border:1px solid #c99a1a;border-radius:999px;padding:.1rem .6rem;font-weight:600;text-decoration:none}
a.chip:hover{background:#ffe8a3;color:#2e2100;text-decoration:underline}
.more{margin:.5rem 0 0;font-weight:700}
.choices{display:flex;gap:.5rem;margin-top:.5rem}
.suggest h2{font-size:.9rem;margin:.25rem 0 .4rem;color:#33475b}
#suggestions{list-style:none;margin:0 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
button.suggestion{background:#fff;color:#0b4f9c;border:1px solid #0b4f9c;border-radius:999px;padding:.3rem .8rem;min-height:2.25rem;font-weight:600;font-size:.9rem;text-align:left}
form{padding:.5rem 0 .25rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
.row{display:flex;gap:.5rem;align-items:flex-end}
textarea{flex:1;min-width:0;font:inherit;font-size:1rem;padding:.6rem .75rem;border:2px solid #5b6b7f;border-radius:.5rem;min-height:3rem;resize:vertical;color:#1a1a1a;background:#fff}
button{font:inherit;font-weight:700;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:.5rem;padding:.6rem 1.1rem;cursor:pointer;min-height:2.75rem}
button:disabled{background:#5b6b7f;border-color:#5b6b7f;cursor:progress}
.choices button,button.secondary{background:#fff;color:#0b4f9c}
button.secondary{padding:.35rem .8rem;min-height:2.25rem;font-size:.9rem}
.hint{font-size:.85rem;color:#33475b;margin:.25rem 0 0}
body.embed .site-header{padding:.5rem .75rem}
body.embed .site-header h1{font-size:1rem}
body.embed .site-header p{display:none}
body.embed main{padding:.75rem}
body.embed .site-footer{padding:.5rem .75rem;font-size:.8rem}
@media (max-width:30rem){.msg.user{margin-left:.5rem}.msg.assistant{margin-right:.5rem}main{padding:.75rem}}
`;

export interface WebChatPage {
  html: string;
  /** Value for the Content-Security-Policy header. */
  contentSecurityPolicy: string;
}

/** `frame-ancestors`: the page's own origin and the widget's allow-list. */
export function frameAncestors(origins: readonly string[] = []): string {
  return ["'self'", ...origins].join(' ');
}

/** The footer every page shares: hotline, public-service portal, the disclaimer. */
export function siteFooter(texts: Pick<WebChatTexts, 'hotline' | 'hotlineNumber' | 'portal'>, newTab = false): string {
  const target = newTab ? ' target="_blank" rel="noopener"' : '';
  return `<footer class="site-footer"><div class="wrap">
<p><a href="tel:${escapeHtml(texts.hotlineNumber.replace(/[^\d+]/g, ''))}">${escapeHtml(texts.hotline)}</a> · <a href="${escapeHtml(texts.portal.url)}"${target}>${escapeHtml(texts.portal.name)}</a></p>
<p class="disclaimer">${escapeHtml(CHANNEL_MESSAGES.webChat.disclaimer)}</p>
</div></footer>`;
}

export function renderWebChatPage(texts: WebChatTexts, options: WebChatPageOptions = {}): WebChatPage {
  const W = CHANNEL_MESSAGES.webChat;
  const T = {
    you: W.you,
    assistant: W.assistant,
    sources: W.sources,
    sending: W.sending,
    networkError: W.networkError,
    seeAll: W.seeAll,
    suggestions: W.suggestions,
    followUps: W.followUps,
    embed: options.embed === true,
    operator: DESK_MESSAGES.operatorLabel,
    deskPollMs: options.deskPollMs ?? 5_000,
  };
  const SCRIPT = script(T);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(texts.title)}</title>
<style>${STYLE}</style>
</head>
<body${options.embed ? ' class="embed"' : ''}>
<a class="skip" href="#question">${escapeHtml(W.skipToInput)}</a>
<header class="site-header"><div class="wrap">
<div class="issuer">${escapeHtml(texts.issuingBody)}</div>
<h1>${escapeHtml(texts.title)}</h1>
<p>${escapeHtml(texts.subtitle)}</p>
</div></header>
<main>
<h2 class="visually-hidden">${escapeHtml(W.conversationLog)}</h2>
<div class="toolbar"><button id="new" type="button" class="secondary">${escapeHtml(W.newConversation)}</button></div>
<ol id="log" aria-label="${escapeHtml(W.conversationLog)}">
<li class="msg assistant"><span class="who">${escapeHtml(W.assistant)}</span><p class="text">${escapeHtml(texts.welcome)}</p></li>
</ol>
<div id="live" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<section class="suggest" aria-labelledby="suggest-heading">
<h2 id="suggest-heading">${escapeHtml(W.suggestionsLabel)}</h2>
<ul id="suggestions"></ul>
</section>
<form id="ask" autocomplete="off">
<label for="question">${escapeHtml(W.inputLabel)}</label>
<div class="row">
<textarea id="question" name="text" rows="2" required placeholder="${escapeHtml(W.shortPlaceholder)}" aria-describedby="hint"></textarea>
<button id="send" type="submit">${escapeHtml(W.send)}</button>
</div>
<p id="hint" class="hint">${escapeHtml(W.keyboardHint)}</p>
<p id="status" class="visually-hidden" role="status"></p>
</form>
</main>
${siteFooter(texts, options.embed === true)}
<script>${SCRIPT}</script>
</body>
</html>
`;
  return {
    html,
    contentSecurityPolicy: [
      "default-src 'none'",
      `script-src 'sha256-${scriptHash}'`,
      `style-src 'sha256-${styleHash}'`,
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${frameAncestors(options.frameAncestors)}`,
    ].join('; '),
  };
}

/**
 * The web chat page: one self-contained HTML document (inline CSS and JS, no external assets) so it works on
 * an intranet and under a strict Content-Security-Policy (the script is allowed by its hash).
 */
import { createHash } from 'node:crypto';
import { CHANNEL_MESSAGES } from '../engine/messages.ts';

/** The page's texts that depend on the deployment and the loaded documents, filled by the caller. */
export interface WebChatTexts {
  title: string;
  subtitle: string;
  welcome: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON safe to embed in a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const script = (T: Record<string, string | readonly string[]>) => `
const T = ${scriptJson(T)};
const form = document.getElementById('ask');
const input = document.getElementById('question');
const sendButton = document.getElementById('send');
const log = document.getElementById('log');
const status = document.getElementById('status');
const storageKey = 'assistant-conversation';
let conversationId = null;
try { conversationId = sessionStorage.getItem(storageKey); } catch (e) { conversationId = null; }

function citationLabel(citation) {
  return citation.label || citation.id;
}

function addMessage(role, text, citations, buttons) {
  const item = document.createElement('li');
  item.className = 'msg ' + role;
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = role === 'user' ? T.you : T.assistant;
  const body = document.createElement('p');
  body.className = 'text';
  body.textContent = text;
  item.append(who, body);
  if (citations && citations.length > 0) {
    const sources = document.createElement('p');
    sources.className = 'sources';
    const label = document.createElement('span');
    label.className = 'sources-label';
    label.textContent = T.sources;
    sources.append(label);
    const seen = new Set();
    for (const citation of citations) {
      const text = citationLabel(citation);
      if (seen.has(text)) continue;
      seen.add(text);
      const chip = document.createElement('span');
      chip.className = 'chip';
      chip.textContent = text;
      chip.title = citation.kind + ': ' + citation.id;
      sources.append(chip);
    }
    item.append(sources);
  }
  if (buttons && buttons.length > 0) {
    const row = document.createElement('div');
    row.className = 'choices';
    for (const choice of buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.text;
      button.addEventListener('click', () => ask(choice.data));
      row.append(button);
    }
    item.append(row);
  }
  log.append(item);
  item.scrollIntoView({ block: 'end' });
}

async function ask(text) {
  const question = text.trim();
  if (question === '' || sendButton.disabled) return;
  addMessage('user', question, [], []);
  sendButton.disabled = true;
  form.setAttribute('aria-busy', 'true');
  status.textContent = T.sending;
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(conversationId ? { text: question, conversationId } : { text: question }),
    });
    const data = await response.json();
    if (!response.ok) {
      addMessage('assistant', data.error || T.networkError, [], []);
    } else {
      conversationId = data.conversationId;
      try { sessionStorage.setItem(storageKey, conversationId); } catch (e) { /* private mode */ }
      addMessage('assistant', data.answer, data.citations, data.buttons);
    }
  } catch (e) {
    addMessage('assistant', T.networkError, [], []);
  } finally {
    sendButton.disabled = false;
    form.removeAttribute('aria-busy');
    status.textContent = '';
    input.focus();
  }
}

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

const STYLE = `
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;background:#f4f6f9;color:#1a1a1a;line-height:1.5}
header{background:#0b4f9c;color:#fff;padding:1rem}
header h1{font-size:1.15rem;margin:0 0 .25rem}
header p{margin:0;font-size:.95rem}
main{max-width:48rem;margin:0 auto;padding:1rem;display:flex;flex-direction:column;min-height:calc(100vh - 6rem)}
#log{list-style:none;margin:0;padding:0;flex:1}
.msg{background:#fff;border:1px solid #c9d1dc;border-radius:.75rem;padding:.75rem 1rem;margin:0 0 .75rem}
.msg.user{background:#e7f0fb;border-color:#9fbde3;margin-left:2rem}
.msg.assistant{margin-right:2rem}
.who{display:block;font-weight:700;font-size:.85rem;color:#33475b}
.text{margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.sources{margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;font-size:.85rem}
.sources-label{color:#33475b}
.chip{display:inline-block;background:#fff4d6;color:#4a3500;border:1px solid #c99a1a;border-radius:999px;padding:.1rem .6rem;font-weight:600}
.choices{display:flex;gap:.5rem;margin-top:.5rem}
form{position:sticky;bottom:0;background:#f4f6f9;padding:.75rem 0}
label{display:block;font-weight:700;margin-bottom:.25rem}
.row{display:flex;gap:.5rem;align-items:flex-end}
textarea{flex:1;font:inherit;font-size:1rem;padding:.6rem .75rem;border:2px solid #5b6b7f;border-radius:.5rem;min-height:3rem;resize:vertical;color:#1a1a1a;background:#fff}
button{font:inherit;font-weight:700;background:#0b4f9c;color:#fff;border:2px solid #0b4f9c;border-radius:.5rem;padding:.6rem 1.1rem;cursor:pointer;min-height:2.75rem}
button:disabled{background:#5b6b7f;border-color:#5b6b7f;cursor:progress}
.choices button{background:#fff;color:#0b4f9c}
:focus-visible{outline:3px solid #c95a00;outline-offset:2px}
.hint{font-size:.85rem;color:#33475b;margin:.25rem 0 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:30rem){.msg.user{margin-left:.5rem}.msg.assistant{margin-right:.5rem}header h1{font-size:1rem}}
`;

export interface WebChatPage {
  html: string;
  /** Value for the Content-Security-Policy header. */
  contentSecurityPolicy: string;
}

export function renderWebChatPage(texts: WebChatTexts): WebChatPage {
  const { title: _title, subtitle: _subtitle, welcome: _welcome, ...fixed } = CHANNEL_MESSAGES.webChat;
  const T = { ...fixed, ...texts };
  const SCRIPT = script(T);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  const html = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(T.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(T.title)}</h1>
<p>${escapeHtml(T.subtitle)}</p>
</header>
<main>
<h2 class="visually-hidden">${escapeHtml(T.conversationLog)}</h2>
<ol id="log" role="log" aria-live="polite" aria-label="${escapeHtml(T.conversationLog)}">
<li class="msg assistant"><span class="who">${escapeHtml(T.assistant)}</span><p class="text">${escapeHtml(T.welcome)}</p></li>
</ol>
<form id="ask" autocomplete="off">
<label for="question">${escapeHtml(T.inputLabel)}</label>
<div class="row">
<textarea id="question" name="text" rows="2" required placeholder="${escapeHtml(T.placeholder)}" aria-describedby="hint"></textarea>
<button id="send" type="submit">${escapeHtml(T.send)}</button>
</div>
<p id="hint" class="hint">${escapeHtml(T.keyboardHint)}</p>
<p id="status" class="visually-hidden" role="status"></p>
</form>
</main>
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
      "frame-ancestors 'self'",
    ].join('; '),
  };
}

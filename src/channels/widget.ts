/**
 * `GET /widget.js`: what a province portal pastes (`<script src="https://…/widget.js" defer></script>`) to offer the
 * chat on its own pages. The script adds one button and a panel holding an iframe of the chat page in embed mode
 * (`/?embed=1`). Both live in a shadow root styled by a constructed stylesheet, so the portal's CSS cannot reach
 * them and theirs cannot reach the portal. Which portals may show the chat is decided by the chat page's
 * `frame-ancestors` (WIDGET_ORIGINS), not by this script: on a portal not in the list the frame is refused.
 */
import { CHANNEL_MESSAGES } from '../engine/messages.ts';
import { scriptJson } from './html.ts';
import type { HttpRoute } from './types.ts';

const CSS = `
:host{all:initial}
.open{position:fixed;right:1rem;bottom:1rem;z-index:2147483000;font:700 16px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#0b4f9c;color:#fff;border:2px solid #fff;border-radius:999px;padding:.8rem 1.2rem;box-shadow:0 2px 10px rgba(0,0,0,.3);cursor:pointer}
.open:focus-visible,.close:focus-visible{outline:3px solid #c95a00;outline-offset:2px}
.panel{position:fixed;right:1rem;bottom:1rem;z-index:2147483001;width:min(26rem,calc(100vw - 2rem));height:min(40rem,calc(100vh - 2rem));background:#fff;border:1px solid #5b6b7f;border-radius:.75rem;box-shadow:0 6px 28px rgba(0,0,0,.35);display:flex;flex-direction:column;overflow:hidden}
.panel[hidden]{display:none}
.bar{display:flex;justify-content:flex-end;background:#0b4f9c;padding:.25rem}
.close{font:700 15px/1 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#fff;color:#0b4f9c;border:0;border-radius:.4rem;padding:.45rem .7rem;cursor:pointer}
iframe{flex:1;width:100%;border:0}
@media (max-width:30rem){.panel{right:0;bottom:0;width:100vw;height:100vh;border-radius:0}}
`;

export function widgetScript(): string {
  const W = CHANNEL_MESSAGES.webChat;
  const T = { open: W.widgetOpen, close: W.widgetClose, title: W.widgetFrameTitle, css: CSS };
  return `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__assistantWidget) return;
  window.__assistantWidget = true;
  var T = ${scriptJson(T)};
  var chatUrl = new URL('/?embed=1', script.src).href;
  function mount() {
    var host = document.createElement('div');
    host.setAttribute('data-assistant-widget', '');
    var root = host.attachShadow({ mode: 'open' });
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(T.css);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      var style = document.createElement('style');
      style.textContent = T.css;
      root.append(style);
    }
    var open = document.createElement('button');
    open.type = 'button';
    open.className = 'open';
    open.textContent = T.open;
    open.setAttribute('aria-expanded', 'false');
    var panel = document.createElement('div');
    panel.className = 'panel';
    panel.hidden = true;
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', T.title);
    var bar = document.createElement('div');
    bar.className = 'bar';
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = T.close;
    bar.append(close);
    var frame = document.createElement('iframe');
    frame.title = T.title;
    frame.setAttribute('referrerpolicy', 'no-referrer');
    panel.append(bar, frame);
    root.append(open, panel);
    function show() {
      if (!frame.src) frame.src = chatUrl;
      panel.hidden = false;
      open.hidden = true;
      open.setAttribute('aria-expanded', 'true');
      close.focus();
    }
    function hide() {
      panel.hidden = true;
      open.hidden = false;
      open.setAttribute('aria-expanded', 'false');
      open.focus();
    }
    open.addEventListener('click', show);
    close.addEventListener('click', hide);
    panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') hide(); });
    document.body.append(host);
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
`;
}

export function widgetRoute(): HttpRoute {
  const body = Buffer.from(widgetScript());
  return {
    method: 'GET',
    path: '/widget.js',
    async handle(_request, response) {
      response.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': body.length,
        'cache-control': 'public, max-age=300',
        // Loaded by other origins' pages on purpose.
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      });
      response.end(body);
    },
  };
}

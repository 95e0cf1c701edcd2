// The pages' stylesheet and their one script, served from /assets/ (no front-end build).
// The stylesheet carries the phone layout (below 600 px) and the print layout. The script
// makes pages live (on a server-sent "changed" event it refetches the page and swaps
// <main>, so the reader keeps their place and nothing reloads) and works the print button.

export const STYLESHEET = `
:root{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f3f4f6;--card:#fff;--accent:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header.top{background:#0f172a;color:#fff;padding:12px 24px;display:flex;align-items:center;gap:16px}
header.top a{color:#fff;text-decoration:none;font-weight:700;letter-spacing:.2px}
header.top .scope{margin-left:auto;font-size:13px;opacity:.8}
header.top .live{font-size:12px;padding:2px 8px;border-radius:999px;background:#334155}
header.top .live[data-state=connected]{background:#15803d}
main{max-width:1040px;margin:24px auto;padding:0 20px}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.meta{color:var(--muted);margin:0 0 14px}
.meta span+span:before{content:"·";margin:0 8px;color:#9ca3af}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted)}
tr:last-child td{border-bottom:0}
a{color:var(--accent)}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:600;background:#e5e7eb}
.badge.open{background:#fee2e2;color:#991b1b}.badge.mitigated{background:#fef3c7;color:#92400e}.badge.resolved{background:#dcfce7;color:#166534}
.badge.sev1{background:#7f1d1d;color:#fff}.badge.sev2{background:#c2410c;color:#fff}.badge.sev3{background:#6b7280;color:#fff}
.badge.pending{background:#fef3c7;color:#92400e}.badge.accepted{background:#dcfce7;color:#166534}.badge.declined{background:#fee2e2;color:#991b1b}.badge.expired{background:#e5e7eb}
.credit{border-left:5px solid #15803d;background:#f0fdf4}
.credit.none{border-left-color:#9ca3af;background:#f9fafb}
.credit p{margin:0 0 8px;font-weight:600}
.credit ul{margin:0;padding-left:18px;color:var(--muted);font-size:14px}
form.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-end}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:3px}
form.filters select,form.filters input{font:inherit;padding:5px 8px;border:1px solid #d1d5db;border-radius:6px;background:#fff}
button{font:inherit;padding:6px 14px;border:0;border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
.swimlane-figure{margin:0}
.swimlane-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border-radius:6px}
.swimlane-grid{display:flex;width:max-content}
.swimlane-grid svg{display:block;flex:none}
.lane-names{position:sticky;left:0;z-index:1;flex:none;width:230px;margin:0;padding-left:0;list-style:none;background:#fff;box-shadow:1px 0 0 var(--line)}
.lane-names li{display:flex;align-items:center;padding:0 10px;font-weight:600;font-size:13px;line-height:1.25;overflow:hidden;cursor:default}
.lane-names li:nth-child(even){background:#f8fafc}
.lane-names li span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.lane-names li:hover,.lane-names li:focus{overflow:visible;outline:2px solid var(--accent);outline-offset:-2px;background:#eff6ff}
.lane-names li:hover span,.lane-names li:focus span{white-space:normal;overflow:visible;overflow-wrap:anywhere}
.swimlane-legend-html{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 0;padding:0;list-style:none;font-size:13px;color:var(--muted)}
.swimlane-legend-html li{display:flex;align-items:center;gap:6px}
.swatch{display:inline-block;width:14px;height:14px;border-radius:3px}
.swatch.gap{background:repeating-linear-gradient(45deg,#ecfdf5 0 3px,#86efac 3px 5px);border:1px dashed #15803d}
.swimlane-legend-html .done{color:#15803d;font-weight:600}
.swimlane-details{margin-top:10px;font-size:14px}
.swimlane-details summary{cursor:pointer;color:var(--accent)}
.swimlane-table td,.swimlane-table th{padding:6px 8px}
.swimlane{max-width:100%;height:auto}
.swimlane-grid .swimlane{max-width:none}
.timeline td.when{white-space:nowrap;color:var(--muted);font-size:13px;width:150px}
.summary h2,.summary h3{font-size:15px;margin:18px 0 6px}
.summary ul,.summary ol{margin:0;padding-left:22px}
.summary p{margin:4px 0}
.summary h3:first-child{margin-top:0;font-size:18px}
.summary ul.steps{list-style:none;padding-left:4px}
.empty{color:var(--muted)}
code.link{font-size:12px;word-break:break-all;background:#f3f4f6;padding:2px 6px;border-radius:4px}
.links a{margin-right:14px}
.links .print{margin-right:14px}
td,th{overflow-wrap:break-word}
header.top .brand{font-weight:700;letter-spacing:.2px}
main.answer{max-width:680px}
blockquote.note{margin:0;padding:8px 14px;border-left:4px solid var(--line);background:#f9fafb;white-space:pre-wrap;overflow-wrap:anywhere}
p.label{margin:12px 0 4px;font-weight:600}
form.answer{display:flex;flex-direction:column;align-items:flex-start;gap:10px;margin:0 0 10px}
form.answer textarea{width:100%;font:inherit;padding:8px;border:1px solid #d1d5db;border-radius:6px}
form.answer button{padding:9px 18px;font-weight:600}
p.error{margin:0;color:#991b1b;font-weight:600}
.card.done{border-left:5px solid #15803d;background:#f0fdf4}
/* Phones: tables of records become one card per record, each value under its label. */
@media (max-width:600px){
  header.top{padding:10px 14px;flex-wrap:wrap;gap:8px}
  header.top .scope{margin-left:0;flex-basis:100%}
  main{margin:14px auto;padding:0 10px}
  .card{padding:14px 12px}
  h1{font-size:20px}
  td,th{overflow-wrap:anywhere}
  table.stack thead{display:none}
  table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
  table.stack tr{border:1px solid var(--line);border-radius:8px;padding:6px 10px;margin:0 0 10px}
  table.stack td{position:relative;border:0;padding:4px 0 4px 100px;min-height:28px}
  table.stack td:before{content:attr(data-label);position:absolute;left:0;top:6px;width:92px;font-size:11px;line-height:1.3;text-transform:uppercase;letter-spacing:.4px;color:var(--muted)}
  .timeline td.when{display:block;width:auto;padding-bottom:0;border:0}
  .timeline td{display:block}
  .lane-names{width:128px}
  .lane-names li{padding:0 8px}
}
/* Paper: the summary as a document (no header, links or live badge; the picture fitted). */
@page{size:A4;margin:14mm 12mm}
@media print{
  body{background:#fff;font-size:11.5px;line-height:1.4}
  header.top,.links,form.filters,.swimlane-details{display:none}
  main{max-width:none;margin:0;padding:0}
  .card{border:0;box-shadow:none;padding:0;margin:0 0 12px;break-inside:auto}
  h1{font-size:18px}
  h2{font-size:14px;margin:10px 0 4px;break-after:avoid}
  .summary h2:first-child{margin-top:0}
  .swimlane-figure{break-inside:avoid}
  .swimlane-scroll{overflow:visible}
  .swimlane-grid{zoom:.8}
  .lane-names{width:170px;box-shadow:none}
  .lane-names li span{white-space:normal}
  a{color:inherit;text-decoration:none}
}
`;

export const LIVE_SCRIPT = `
(function () {
  // The summary's "Print / save as PDF" (the CSP allows no inline handlers). Delegated,
  // because a live update replaces <main> and the button with it.
  document.addEventListener('click', function (event) {
    if (event.target instanceof Element && event.target.closest('[data-print]')) window.print();
  });
  var url = document.body.getAttribute('data-live');
  if (!url || !window.EventSource) return;
  var badge = document.querySelector('.live');
  var busy = false, again = false;
  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      var res = await fetch(location.href, { cache: 'no-store' });
      if (res.ok) {
        var doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        var fresh = doc.querySelector('main');
        if (fresh) document.querySelector('main').replaceWith(fresh);
        document.body.setAttribute('data-updated', String(Date.now()));
      }
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }
  var source = new EventSource(url);
  source.addEventListener('ready', function () {
    if (badge) { badge.setAttribute('data-state', 'connected'); badge.textContent = 'live'; }
  });
  source.addEventListener('changed', refresh);
  source.onerror = function () {
    if (badge) { badge.setAttribute('data-state', 'reconnecting'); badge.textContent = 'reconnecting…'; }
  };
})();
`;

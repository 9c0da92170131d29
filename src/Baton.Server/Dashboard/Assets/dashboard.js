// Baton dashboard: progressive enhancement only (every page works without it). Hand-written, no dependencies.
// - <time> elements: the browser's zone and a relative time.
// - copy buttons, confirmation prompts.
// - live pages: follow the server's event stream (SSE; the browser resumes with Last-Event-ID) and re-fetch the
//   page's [data-live] regions after events, at most once a second. No polling: while disconnected it shows a
//   banner; on reconnecting it catches up with one re-fetch.
(() => {
  "use strict";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const units = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];

  function relative(date) {
    const seconds = (date.getTime() - Date.now()) / 1000;
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size || unit === "second") return rtf.format(Math.round(seconds / size), unit);
    }
    return "";
  }

  function renderTimes(root) {
    for (const t of root.querySelectorAll("time[datetime]")) {
      const date = new Date(t.getAttribute("datetime"));
      if (isNaN(date)) continue;
      t.textContent = date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) + " (" + relative(date) + ")";
      t.title = date.toISOString();
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) return;
    navigator.clipboard?.writeText(button.dataset.copy).then(() => {
      button.classList.add("copied");
      setTimeout(() => button.classList.remove("copied"), 1500);
    });
  });

  document.addEventListener("submit", (event) => {
    const message = event.target.dataset?.confirm;
    if (message && !window.confirm(message)) event.preventDefault();
  });

  function follow(url) {
    const banner = document.getElementById("live-status");
    let source = null, lastId = null, timer = null, busy = false, again = false, lastRefresh = 0, down = false;

    async function refresh() {
      if (busy) { again = true; return; }
      busy = true;
      try {
        const response = await fetch(location.href, { headers: { "X-Baton-Live": "1" }, credentials: "same-origin" });
        if (response.redirected || !response.ok) return;
        const next = new DOMParser().parseFromString(await response.text(), "text/html");
        for (const region of document.querySelectorAll("[data-live][id]")) {
          const fresh = next.getElementById(region.id);
          if (fresh && fresh.innerHTML !== region.innerHTML) {
            region.innerHTML = fresh.innerHTML;
            renderTimes(region);
          }
        }
      } catch {
        // The stream's error handler shows the disconnection; the next event or reconnect retries.
      } finally {
        busy = false;
        lastRefresh = Date.now();
        if (again) { again = false; schedule(); }
      }
    }

    function schedule() {
      if (timer) return;
      const wait = Math.max(150, 1000 - (Date.now() - lastRefresh));
      timer = setTimeout(() => { timer = null; refresh(); }, wait);
    }

    function open(streamUrl) {
      source = new EventSource(streamUrl);
      source.onopen = () => {
        document.body.dataset.stream = "open";
        banner.hidden = true;
        if (down) { down = false; schedule(); }
      };
      source.onerror = () => {
        document.body.dataset.stream = "down";
        down = true;
        banner.hidden = false;
        // CLOSED: the server refused the stream (e.g. the session ended). Reopen from the last event seen after
        // 5 s, never sooner; while CONNECTING the browser retries by itself with Last-Event-ID.
        if (source.readyState === EventSource.CLOSED) {
          setTimeout(() => open(lastId ? withSince(url, lastId) : url), 5000);
        }
      };
      const onEvent = (event) => { if (event.lastEventId) lastId = event.lastEventId; schedule(); };
      for (const type of ["execution.created", "execution.claimed", "execution.heartbeat", "execution.retrying",
        "execution.succeeded", "execution.failed", "execution.missed", "execution.cancelled", "execution.released",
        "execution.verified", "cue.fired", "cue.paused", "cue.resumed", "cue.failed"]) {
        source.addEventListener(type, onEvent);
      }
      source.onmessage = onEvent;
    }

    function withSince(base, cursor) {
      const u = new URL(base, location.href);
      u.searchParams.set("since", cursor);
      return u.pathname + u.search;
    }

    open(url);
    window.addEventListener("pagehide", () => source?.close());
  }

  renderTimes(document);
  setInterval(() => renderTimes(document), 30000);
  const events = document.body.dataset.events;
  if (events) follow(events);
})();

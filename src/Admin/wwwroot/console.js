// The console's only script: a poller for the live parts of pages (progress, queues, flag acknowledgements) and a tiny
// text helper. Pages work without it; it only keeps them current.
window.consoleLive = {
  poll(url, everyMs, render) {
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (response.status === 401) { location.href = "/signin?ReturnUrl=" + encodeURIComponent(location.pathname + location.search); return; }
        if (response.ok && render(await response.json()) === false) { stopped = true; return; }
      } catch (e) { /* a missed tick: the next one catches up */ }
      setTimeout(tick, everyMs);
    };
    tick();
    return () => { stopped = true; };
  },
  text(id, value) { const el = document.getElementById(id); if (el) el.textContent = value; },
  escape(value) { const d = document.createElement("div"); d.textContent = value ?? ""; return d.innerHTML; },
};

// Replaces the panel with the server's fresh one every second (the chart is drawn by the server).
const panel = document.getElementById('panel');
const refresh = async () => {
    try {
        const r = await fetch(panel.dataset.refresh, { headers: { accept: 'text/html' } });
        if (r.ok) { panel.innerHTML = await r.text(); }
    } catch { /* The next refresh tries again. */ }
    setTimeout(refresh, 1000);
};
setTimeout(refresh, 1000);

// The countdown counts to the opening instant the server gave, by the server's clock (a visitor's own clock may be
// minutes off), then reloads the page.
for (const el of document.querySelectorAll('.countdown[data-opens]')) {
    const opens = Date.parse(el.dataset.opens);
    const offset = Date.parse(el.dataset.now) - Date.now();
    const clock = el.querySelector('.clock');
    const tick = () => {
        const left = Math.max(0, Math.round((opens - (Date.now() + offset)) / 1000));
        const d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
        clock.textContent = (d > 0 ? d + el.dataset.days + ' ' : '') + [h, m, s].map(n => String(n).padStart(2, '0')).join(':');
        if (left === 0) { setTimeout(() => location.reload(), 500); return; }
        setTimeout(tick, 1000);
    };
    tick();
}
// The waiting room: the customer's place, how many are ahead and the units left, from the server every two seconds.
for (const room of document.querySelectorAll('.room[data-sale]')) {
    const section = room.closest('.sale');
    const poll = async () => {
        try {
            const r = await fetch(`?handler=Room&sale=${encodeURIComponent(room.dataset.sale)}`, { headers: { accept: 'application/json' } });
            if (r.ok) {
                const s = await r.json();
                room.querySelector('.place').textContent = s.position ?? '–';
                room.querySelector('.ahead').hidden = !s.ahead;
                room.querySelector('.ahead-count').textContent = s.ahead ?? '';
                room.querySelector('.your-turn').hidden = !s.admitted || room.dataset.done === 'true';
                room.dataset.admitted = s.admitted;
                section.querySelector('.units-left').textContent = s.unitsLeft;
            }
        } catch { /* The next poll tries again. */ }
        setTimeout(poll, 2000);
    };
    setTimeout(poll, 2000);
}

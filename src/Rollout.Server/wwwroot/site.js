// A list marked data-submit-on-change sends its form when a choice is made (a button in <noscript> does it without scripts).
for (const select of document.querySelectorAll('select[data-submit-on-change]')) {
    select.addEventListener('change', () => select.form.submit());
}

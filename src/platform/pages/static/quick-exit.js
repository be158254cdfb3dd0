// « Quitter rapidement »: leave at once and leave this site out of the Back button.
(() => {
  function leave(event) {
    var link = document.querySelector('[data-quick-exit]');
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.display = 'none';
    window.location.replace(link.getAttribute('href'));
  }
  document.addEventListener('click', (event) => {
    var target = event.target;
    if (target && target.closest && target.closest('[data-quick-exit]')) leave(event);
  });
  document.addEventListener('keydown', (event) => {
    // Escape in a form field closes suggestions; leaving there would lose what was typed.
    var field = event.target && event.target.closest && event.target.closest('input, textarea, select, [contenteditable]');
    if (event.key === 'Escape' && !event.defaultPrevented && !field) leave(event);
  });
})();

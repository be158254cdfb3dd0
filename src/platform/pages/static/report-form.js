// « Utiliser ma position » on the report form: fills the hidden fields (the location travels in the
// form body, never in the URL) and says so; the person still reviews and sends the form.
(() => {
  var form = document.querySelector('[data-report-form]');
  var button = document.querySelector('[data-locate]');
  var status = document.querySelector('[data-locate-status]');
  if (!form || !button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        if (status) status.textContent = button.getAttribute('data-done') || 'OK';
        button.disabled = false;
      },
      () => {
        button.disabled = false;
        var field = form.elements.address;
        if (field) field.focus();
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  });
})();

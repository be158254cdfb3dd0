// « Utiliser ma position »: fills the form's hidden fields and submits it, so
// that the location travels in the request body, never in the URL.
(() => {
  var form = document.querySelector('[data-locate-form]');
  var button = document.querySelector('[data-locate]');
  if (!form || !button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        form.submit();
      },
      () => {
        button.disabled = false;
        var field = form.elements.address;
        if (field) field.focus();
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  });
})();

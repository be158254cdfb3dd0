// The night drop-off page, with JavaScript: the tap map follows the chosen line, and a tap on a map drawn
// smaller or larger than its own size is read back in the map's own pixels (without JavaScript the map keeps
// its size and the browser sends the tap as it is).
(() => {
  var form = document.querySelector('[data-descente-form]');
  var map = form && form.querySelector('input.tap-map');
  if (!form || !map) return;
  var own = Number(map.getAttribute('data-width'));
  function hidden(name, value) {
    var field = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!field) {
      field = document.createElement('input');
      field.type = 'hidden';
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }
  map.addEventListener('click', (event) => {
    // A key press on the map has no place: the form goes as it is, with the address or the place.
    if (event.detail === 0 || !own) return;
    event.preventDefault();
    var box = map.getBoundingClientRect();
    var scale = own / map.clientWidth;
    hidden('carte.x', Math.round((event.clientX - box.left - map.clientLeft) * scale));
    hidden('carte.y', Math.round((event.clientY - box.top - map.clientTop) * scale));
    form.submit();
  });
  var line = form.elements.line;
  line.addEventListener('change', () => {
    var wrapper = form.querySelector('[data-tap-map]');
    if (!line.value) {
      wrapper.hidden = true;
      return;
    }
    wrapper.hidden = false;
    form.elements.map_line.value = line.value;
    map.removeAttribute('height');
    map.src = map.src.replace(/\?ligne=.*$/, '?ligne=' + encodeURIComponent(line.value));
  });
})();

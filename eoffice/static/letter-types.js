// The drafting form: show only the structured fields of the chosen letter type.
(function () {
  var select = document.getElementById("type");
  if (!select) { return; }
  function sync() {
    document.querySelectorAll("[data-letter-type]").forEach(function (group) {
      var on = group.getAttribute("data-letter-type") === select.value;
      group.hidden = !on;
      group.querySelectorAll("input, textarea").forEach(function (el) { el.disabled = !on; });
    });
  }
  select.addEventListener("change", sync);
  sync();
})();

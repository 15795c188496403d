/* Weight presets on the cycle form and the weights page (mentoring/_preset_script.html).
 *
 * Each a[data-preset] link fills the weight fields in place from the
 * "preset-weights" JSON block; without this script the links still work,
 * reloading the page with the preset applied.
 */
(function () {
  "use strict";
  var source = document.getElementById("preset-weights");
  if (!source) return;
  var presets = JSON.parse(source.textContent);
  document.querySelectorAll("a[data-preset]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var weights = presets[link.dataset.preset];
      if (!weights) return;
      event.preventDefault();
      Object.keys(weights).forEach(function (name) {
        var input = document.getElementById("id_weight_" + name);
        if (input) {
          input.value = weights[name];
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      document.querySelectorAll("a[data-preset]").forEach(function (other) { other.removeAttribute("aria-current"); });
      link.setAttribute("aria-current", "true");
    });
  });
})();

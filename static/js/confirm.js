/* Forms that ask before they submit: <form data-confirm="Question?">.
 *
 * Replaces inline onsubmit="return confirm(…)" handlers, which the Content
 * Security Policy blocks. Without script the form submits without asking,
 * as it would in any browser that ignores the attribute.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();

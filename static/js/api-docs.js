/* Starts Swagger UI on /api/docs (templates/ninja/swagger.html).
 *
 * Does what django-ninja's own init script does, plus one thing: the
 * online validator badge is off, because it would send the schema's
 * address to validator.swagger.io (and load an image the Content Security
 * Policy refuses).
 */
(function () {
  "use strict";
  var body = document.body.dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.validatorUrl = null;
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (body.apiCsrf && body.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = body.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();

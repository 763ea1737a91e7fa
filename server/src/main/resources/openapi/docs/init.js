// Starts Swagger UI on this server's own description. A file, not an inline script, so that the
// page's Content-Security-Policy can forbid inline scripts; validatorUrl null keeps Swagger UI
// from sending the description to an outside validator (the policy would refuse it anyway).
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
  });
});

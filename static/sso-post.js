// Submits the single sign-on answer to the service at once. Loaded from our own origin: the CSP forbids inline
// scripts; without scripts, the page's Continue button does the same.
(function () {
  var form = document.getElementById('sso-post');
  if (form) form.submit();
})();

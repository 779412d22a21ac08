// The OTP step's "Use a passkey": asks the server for request options bound to this sign-in, lets the browser and the
// authenticator sign the challenge (@simplewebauthn/browser, loaded before this file), and submits the form with
// the answer, so the server renders the outcome as it does for a typed code. From our origin: the CSP forbids
// inline scripts.
(function () {
  var form = document.getElementById('passkey-sign-in-form');
  var status = document.getElementById('passkey-sign-in-status');
  if (!form || !status) return;
  if (!window.SimpleWebAuthnBrowser || !window.SimpleWebAuthnBrowser.browserSupportsWebAuthn()) return;
  var button = form.querySelector('button[type="submit"]');
  var csrf = form.getAttribute('data-csrf');
  var submitting = false;
  form.hidden = false;

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : 'muted';
    status.setAttribute('role', isError ? 'alert' : 'status');
  }

  form.addEventListener('submit', function (event) {
    if (submitting) return;
    event.preventDefault();
    button.disabled = true;
    show('Follow the instructions of your browser or security key…', false);
    fetch(form.getAttribute('data-options-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: '{}',
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) throw new Error(answer.message || 'The server refused the request.');
          return answer;
        });
      })
      .then(function (answer) {
        return window.SimpleWebAuthnBrowser.startAuthentication({ optionsJSON: answer.optionsJSON });
      })
      .then(function (assertion) {
        form.elements.response.value = JSON.stringify(assertion);
        submitting = true;
        form.submit();
      })
      .catch(function (error) {
        button.disabled = false;
        var cancelled = error && (error.name === 'NotAllowedError' || error.code === 'ERROR_CEREMONY_ABORTED');
        show(
          cancelled
            ? 'Using the passkey was cancelled or timed out. Try again, or enter a one-time password.'
            : (error && error.message) || 'Using the passkey failed.',
          true,
        );
      });
  });
})();

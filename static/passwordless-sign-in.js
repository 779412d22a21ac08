// The login page's "Sign in with a passkey" (no password): asks the server for discoverable request options bound to
// this browser, lets the browser and the authenticator sign the challenge (@simplewebauthn/browser, loaded before this
// file), and submits the form with the answer, so the server renders the outcome as it does for the login form.
// Two ways in: the button (a modal ceremony), and, where the browser supports it, the Login ID's autofill (a
// conditional ceremony that waits quietly until the user picks a passkey there). From our origin: the CSP forbids
// inline scripts.
(function () {
  var form = document.getElementById('passwordless-form');
  var status = document.getElementById('passwordless-status');
  var loginForm = document.getElementById('login-form');
  var webauthn = window.SimpleWebAuthnBrowser;
  if (!form || !status || !webauthn || !webauthn.browserSupportsWebAuthn()) return;
  var button = form.querySelector('button[type="submit"]');
  var csrf = form.getAttribute('data-csrf');
  var submitting = false;
  form.hidden = false;

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : 'muted';
    status.setAttribute('role', isError ? 'alert' : 'status');
  }

  function requestOptions() {
    return fetch(form.getAttribute('data-options-url'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: '{}',
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.message || 'The server refused the request.');
        return answer.optionsJSON;
      });
    });
  }

  function submitAnswer(assertion) {
    var keep = loginForm && loginForm.elements.keepMeLoggedIn;
    form.elements.keepMeLoggedIn.value = keep && keep.checked ? 'yes' : '';
    form.elements.response.value = JSON.stringify(assertion);
    submitting = true;
    form.submit();
  }

  // Autofill: a ceremony started now that the browser keeps open behind the Login ID field. SimpleWebAuthn cancels it
  // when the button starts a modal one, and the answer of either goes the same way.
  function startAutofill() {
    requestOptions()
      .then(function (optionsJSON) {
        return webauthn.startAuthentication({ optionsJSON: optionsJSON, useBrowserAutofill: true });
      })
      .then(submitAnswer)
      .catch(function () {
        // Cancelled by the button's ceremony, or refused quietly: the button and the form still work.
      });
  }

  form.addEventListener('submit', function (event) {
    if (submitting) return;
    event.preventDefault();
    button.disabled = true;
    show('Follow the instructions of your browser or security key…', false);
    requestOptions()
      .then(function (optionsJSON) {
        return webauthn.startAuthentication({ optionsJSON: optionsJSON });
      })
      .then(submitAnswer)
      .catch(function (error) {
        button.disabled = false;
        var cancelled = error && (error.name === 'NotAllowedError' || error.code === 'ERROR_CEREMONY_ABORTED');
        show(
          cancelled
            ? 'Using the passkey was cancelled or timed out. Try again, or log in with your login ID and password.'
            : (error && error.message) || 'Using the passkey failed.',
          true,
        );
        startAutofillIfAvailable();
      });
  });

  function startAutofillIfAvailable() {
    webauthn.browserSupportsWebAuthnAutofill().then(function (available) {
      if (available) startAutofill();
    });
  }

  startAutofillIfAvailable();
})();

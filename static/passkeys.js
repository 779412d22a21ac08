// The Passkeys page's "Add a passkey": asks the server for creation options, lets the browser and the authenticator
// make the passkey (@simplewebauthn/browser, loaded before this file), and sends the answer back. Loaded from our
// own origin: the CSP forbids inline scripts.
(function () {
  var form = document.getElementById('add-passkey-form');
  var status = document.getElementById('passkey-status');
  if (!form || !status) return;
  var button = form.querySelector('button[type="submit"]');
  var csrf = form.getAttribute('data-csrf');

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? 'error' : 'notice';
    status.setAttribute('role', isError ? 'alert' : 'status');
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(
        function (answer) {
          if (!response.ok) throw new Error(answer.message || 'The server refused the request.');
          return answer;
        },
        function () {
          throw new Error('The server answered with an error (' + response.status + ').');
        },
      );
    });
  }

  // What the browser's own errors mean to the user; the server's refusals arrive already worded.
  function browserMessage(error) {
    var code = error && error.code;
    var name = error && error.name;
    if (name === 'NotAllowedError' || code === 'ERROR_CEREMONY_ABORTED')
      return 'Adding the passkey was cancelled or timed out. Nothing was saved.';
    if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
      return 'This authenticator already holds one of your passkeys. Nothing was saved.';
    if (name === 'SecurityError' || code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID')
      return 'Passkeys cannot be created on this address. Open the portal at its public address.';
    return null;
  }

  if (!window.SimpleWebAuthnBrowser || !window.SimpleWebAuthnBrowser.browserSupportsWebAuthn()) {
    // Offered after a sign-in: a browser that cannot make a passkey goes straight on instead of showing an offer
    // it cannot take up (the server checked the address against the next-path rules).
    var offerContinue = form.getAttribute('data-offer-continue');
    if (offerContinue) {
      window.location.replace(offerContinue);
      return;
    }
    button.disabled = true;
    show('This browser does not support passkeys.', true);
    return;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var name = form.elements.name.value;
    button.disabled = true;
    show('Follow the instructions of your browser or security key…', false);
    var stage = 'options';
    post(form.getAttribute('data-options-url'), { name: name })
      .then(function (answer) {
        stage = 'browser';
        return window.SimpleWebAuthnBrowser.startRegistration({ optionsJSON: answer.optionsJSON });
      })
      .then(function (response) {
        stage = 'verify';
        return post(form.getAttribute('data-register-url'), { name: name, response: response });
      })
      .then(function () {
        window.location.assign(form.getAttribute('data-done-url'));
      })
      .catch(function (error) {
        button.disabled = false;
        var message = stage === 'browser' ? browserMessage(error) : null;
        show(message || (error && error.message) || 'Adding the passkey failed.', true);
      });
  });
})();

// Polls the sign-in's approval request and submits the form once Gatehouse Key has answered or it expired,
// so the browser moves on by itself. Loaded from our own origin: the CSP forbids inline scripts.
(function () {
  var form = document.getElementById('approval-form');
  if (!form) return;
  var url = form.getAttribute('data-status-url');
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.ok ? response.json() : { status: 'ended' };
      })
      .then(function (answer) {
        if (answer.status === 'pending') setTimeout(poll, 1500);
        else form.submit();
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  }
  setTimeout(poll, 1500);
})();

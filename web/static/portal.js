// Forms marked data-enhance change state while signed in by cookie, so the
// server wants the session's CSRF token in a header, which a plain form
// cannot send. This posts the form with the header and follows where the
// server redirects; the page stays a normal form otherwise.
(function () {
  "use strict";
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)loket_csrf=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("form[data-enhance]")) return;
    ev.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() },
      body: new URLSearchParams(new FormData(form))
    }).then(function (res) {
      if (res.redirected) {
        window.location.assign(res.url);
        return;
      }
      return res.text().then(function (html) {
        // A refused form comes back as a whole page with the reason.
        document.open();
        document.write(html);
        document.close();
      });
    }).catch(function () {
      if (button) button.disabled = false;
      form.submit();
    });
  });
})();

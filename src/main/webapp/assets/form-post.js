/*
 * OID's form_post script (issue 18): submits the page's authorization response to the client's
 * redirect URI as soon as the page is read, so that the person does not have to press Continue.
 * Without script the page works the same, one click later. Loaded with defer: the form is there.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-form-post]");
  if (form) {
    form.submit();
  }
})();

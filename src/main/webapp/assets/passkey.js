/*
 * OID's passkey script: the browser's WebAuthn calls for OID's own pages, nothing else.
 *
 * A form marked data-passkey="get" or "create" carries its options as JSON in data-passkey-options
 * (WebAuthn's PublicKeyCredential*OptionsJSON: binary values in base64url); the login page's form,
 * data-passkey="sign-in", asks data-passkey-options-url for them with its hidden fields (the
 * authorization request and the CSRF field) and also offers passkeys in the username field's
 * autofill (conditional mediation). The browser's answer goes, as JSON, into the form's hidden
 * "credential" field, and the form is posted like any other: OID answers with a page or a redirect.
 * Without this script (or without WebAuthn) the passkey forms stay hidden; passwords work as before.
 */
(function () {
  "use strict";

  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  function bytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      out[i] = binary.charCodeAt(i);
    }
    return out.buffer;
  }

  function base64url(buffer) {
    var view = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < view.length; i++) {
      binary += String.fromCharCode(view[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (descriptor) {
      var copy = { type: descriptor.type, id: bytes(descriptor.id) };
      if (descriptor.transports) {
        copy.transports = descriptor.transports;
      }
      return copy;
    });
  }

  function creationOptions(options) {
    options.challenge = bytes(options.challenge);
    options.user.id = bytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return options;
  }

  function requestOptions(options) {
    options.challenge = bytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return options;
  }

  /* RegistrationResponseJSON and AuthenticationResponseJSON, as the server reads them */
  function registrationJSON(credential) {
    var response = credential.response;
    return JSON.stringify({
      id: credential.id,
      rawId: base64url(credential.rawId),
      type: credential.type,
      response: {
        clientDataJSON: base64url(response.clientDataJSON),
        attestationObject: base64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : []
      },
      clientExtensionResults: credential.getClientExtensionResults()
    });
  }

  function authenticationJSON(credential) {
    var response = credential.response;
    var answer = {
      clientDataJSON: base64url(response.clientDataJSON),
      authenticatorData: base64url(response.authenticatorData),
      signature: base64url(response.signature)
    };
    if (response.userHandle) {
      answer.userHandle = base64url(response.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: base64url(credential.rawId),
      type: credential.type,
      response: answer,
      clientExtensionResults: credential.getClientExtensionResults()
    });
  }

  function post(form, json) {
    form.querySelector("input[name=credential]").value = json;
    HTMLFormElement.prototype.submit.call(form);
  }

  function failed(form) {
    var message = form.querySelector("[data-passkey-error]");
    if (message) {
      message.hidden = false;
    }
  }

  /* A step's form: the options are on the page, the ceremony starts at the person's click. */
  function step(form) {
    var create = form.getAttribute("data-passkey") === "create";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var options = JSON.parse(form.getAttribute("data-passkey-options"));
      var ceremony = create ? navigator.credentials.create({ publicKey: creationOptions(options) })
        : navigator.credentials.get({ publicKey: requestOptions(options) });
      ceremony.then(function (credential) {
        post(form, create ? registrationJSON(credential) : authenticationJSON(credential));
      }).catch(function () {
        // cancelled, timed out, or no passkey here; the page was given one challenge: ask for the page again to retry
        failed(form);
      });
    });
  }

  /* The login page's form: options asked for with the form's own fields, on a pending sign-in. */
  function signIn(form) {
    var url = form.getAttribute("data-passkey-options-url");
    var autofill = null;
    var asked = Promise.resolve();

    function options() {
      var body = new URLSearchParams();
      form.querySelectorAll("input[type=hidden]").forEach(function (field) {
        if (field.name !== "credential") {
          body.append(field.name, field.value);
        }
      });
      return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("no passkey options");
          }
          return response.json();
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // one request for options at a time: each answer may set the sign-in cookie the next one needs
      asked.catch(function () {}).then(function () {
        if (autofill) {
          autofill.abort();
          autofill = null;
        }
        return options();
      }).then(function (publicKey) {
        return navigator.credentials.get({ publicKey: requestOptions(publicKey) });
      }).then(function (credential) {
        post(form, authenticationJSON(credential));
      }).catch(function () {
        failed(form);
      });
    });

    if (PublicKeyCredential.isConditionalMediationAvailable) {
      asked = PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
        if (!available) {
          return null;
        }
        autofill = new AbortController();
        var signal = autofill.signal;
        return options().then(function (publicKey) {
          navigator.credentials.get({ mediation: "conditional", publicKey: requestOptions(publicKey), signal: signal })
            .then(function (credential) {
              if (credential) {
                post(form, authenticationJSON(credential));
              }
            }).catch(function () {
              // aborted for the button, or dismissed: the button and the password remain
            });
        });
      });
    }
  }

  document.querySelectorAll("[data-passkey-no-script]").forEach(function (note) {
    note.hidden = true;
  });
  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.hidden = false;
    if (form.getAttribute("data-passkey") === "sign-in") {
      signIn(form);
    } else {
      step(form);
    }
  });
}());

/*
 * OID's passkey script: the browser's WebAuthn calls for OID's own pages, nothing else.
 *
 * A form marked data-passkey="get" or "create" (a sign-in step) carries its options as JSON in
 * data-passkey-options (WebAuthn's PublicKeyCredential*OptionsJSON: binary values in base64url).
 * The login page's part, data-passkey="sign-in", asks data-passkey-options-url for them with the
 * login form's hidden fields (the authorization request and the CSRF field), and also offers
 * passkeys in the username field's autofill (conditional mediation). The browser's answer goes, as
 * JSON, into a "credential" field, and the form is posted like any other (on the login page, a form
 * made of the login form's hidden fields, to data-passkey-action): OID answers with a page or a
 * redirect. Without this script (or without WebAuthn) the passkey parts stay hidden and passwords
 * work as before.
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

  function failed(part) {
    var message = part.querySelector("[data-passkey-error]");
    if (message) {
      message.setAttribute("role", "alert");
      message.hidden = false;
    }
  }

  /* The login form's hidden fields (the authorization request, the CSRF field), as the passkey posts them. */
  function loginFields() {
    var login = document.querySelector("input[name=password]");
    return login && login.form ? Array.prototype.filter.call(login.form.elements, function (field) {
      return field.type === "hidden";
    }) : [];
  }

  /* A form of the login form's hidden fields and the credential, posted to the passkey endpoint. */
  function postSignIn(action, json) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = action;
    form.hidden = true;
    loginFields().forEach(function (field) {
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = field.name;
      copy.value = field.value;
      form.appendChild(copy);
    });
    var credential = document.createElement("input");
    credential.type = "hidden";
    credential.name = "credential";
    form.appendChild(credential);
    document.body.appendChild(form);
    post(form, json);
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
        // cancelled, timed out, or no passkey here: nothing was posted, the challenge is still good for another try
        failed(form);
      });
    });
  }

  /* The login page's part: options asked for with the login form's fields, on a pending sign-in. */
  function signIn(part) {
    var url = part.getAttribute("data-passkey-options-url");
    var action = part.getAttribute("data-passkey-action");
    var autofill = null;
    var asked = Promise.resolve();

    function options() {
      var body = new URLSearchParams();
      loginFields().forEach(function (field) {
        body.append(field.name, field.value);
      });
      return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("no passkey options");
          }
          return response.json();
        });
    }

    part.querySelector("button").addEventListener("click", function () {
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
        postSignIn(action, authenticationJSON(credential));
      }).catch(function () {
        failed(part);
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
                postSignIn(action, authenticationJSON(credential));
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
  document.querySelectorAll("[data-passkey]").forEach(function (part) {
    part.hidden = false;
    if (part.getAttribute("data-passkey") === "sign-in") {
      signIn(part);
    } else {
      step(part);
    }
  });
}());

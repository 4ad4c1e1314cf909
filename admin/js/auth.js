// Signs the page in. Local mode hands the page its token in admin-config.json. Deployed,
// staff sign in through the Cognito hosted UI with the authorization-code flow and PKCE.
//
// Tokens live in this module's memory only: never in a URL, never in web storage. The
// PKCE verifier, the state and the view to return to sit in sessionStorage for the redirect
// round trip alone (the page is gone while the hosted UI shows) and are removed on return.
// A reload therefore signs in again; Cognito's own session makes that a quick redirect.

const PENDING_KEY = "customers-admin.sign-in";
// Renew a little before expiry, so that a request never leaves with a dying token.
const EXPIRY_MARGIN_MS = 60_000;
const FRESH_SIGN_IN_MS = 60_000;

export class SignInError extends Error {}

/**
 * Answers a session: {mode, token(), onUnauthorized(), signOut()}; signOut is null when the
 * mode has nothing to sign out of. Deployed, this may navigate away to the hosted UI
 * instead of answering.
 * @param {object} auth the `auth` object of admin-config.json
 */
export async function startSession(auth) {
  if (auth?.mode === "local") return localSession(auth);
  if (auth?.mode === "cognito") return cognitoSession(auth);
  throw new SignInError(`admin-config.json names no sign-in mode this page knows.`);
}

function localSession(auth) {
  if (typeof auth.token !== "string" || auth.token === "") {
    throw new SignInError("admin-config.json holds no local token.");
  }
  return {
    mode: "local",
    token: async () => auth.token,
    // The local token is the only credential: nothing to renew, so the page says so.
    onUnauthorized: () => {},
    signOut: null,
  };
}

async function cognitoSession(config) {
  const hosted = hostedUi(config);
  const callback = new URLSearchParams(window.location.search);
  const pending = takePending();

  if (callback.has("error")) {
    const reason = callback.get("error_description") || callback.get("error");
    throw new SignInError(`Sign-in failed: ${reason}`);
  }
  if (!callback.has("code") || !pending) {
    await redirectToSignIn(hosted);
    return new Promise(() => {}); // The page is leaving for the hosted UI.
  }
  if (callback.get("state") !== pending.state) {
    throw new SignInError("Sign-in answer does not match this page's request; sign in again.");
  }

  const tokens = await exchangeCode(hosted, callback.get("code"), pending.verifier);
  // Drop the one-time code from the address and bring back the view the user was on.
  window.history.replaceState(null, "", `${window.location.pathname}${pending.returnTo}`);
  return cognitoSessionFrom(hosted, tokens);
}

function cognitoSessionFrom(hosted, initialTokens) {
  let tokens = initialTokens;
  const reauthenticate = () => redirectToSignIn(hosted);
  const signedInAt = Date.now();

  return {
    mode: "cognito",
    async token() {
      if (Date.now() < tokens.expiresAt - EXPIRY_MARGIN_MS) return tokens.idToken;
      tokens = await refresh(hosted, tokens).catch(() => null);
      if (!tokens) {
        await reauthenticate();
        return new Promise(() => {});
      }
      return tokens.idToken;
    },
    // A token refused soon after sign-in is not a lapsed session but a service that will
    // refuse the next one too: signing in again would loop, so the page shows the refusal.
    onUnauthorized() {
      if (Date.now() - signedInAt > FRESH_SIGN_IN_MS) reauthenticate();
    },
    signOut() {
      const query = new URLSearchParams({
        client_id: hosted.clientId,
        logout_uri: hosted.redirectUri,
      });
      window.location.assign(`${hosted.origin}/logout?${query}`);
    },
  };
}

function hostedUi(config) {
  for (const name of ["domain", "client_id", "redirect_uri"]) {
    if (typeof config[name] !== "string" || config[name] === "") {
      throw new SignInError(`admin-config.json lacks auth.${name}.`);
    }
  }
  const origin = config.domain.startsWith("https://") ? config.domain : `https://${config.domain}`;
  return {
    origin: origin.replace(/\/+$/, ""),
    clientId: config.client_id,
    redirectUri: config.redirect_uri,
  };
}

async function redirectToSignIn(hosted) {
  const verifier = randomString(32);
  const state = randomString(16);
  const returnTo = viewQuery(window.location.search);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));

  const query = new URLSearchParams({
    response_type: "code",
    client_id: hosted.clientId,
    redirect_uri: hosted.redirectUri,
    scope: "openid email",
    state,
    code_challenge: await challengeFor(verifier),
    code_challenge_method: "S256",
  });
  window.location.assign(`${hosted.origin}/oauth2/authorize?${query}`);
}

// The current address without the parameters of a sign-in answer, which must not come back.
function viewQuery(search) {
  const params = new URLSearchParams(search);
  for (const name of ["code", "state", "error", "error_description"]) params.delete(name);
  const query = params.toString();
  return query ? `?${query}` : "";
}

function takePending() {
  const text = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  try {
    const pending = JSON.parse(text ?? "null");
    const valid = typeof pending?.verifier === "string" && typeof pending?.state === "string";
    // Only a query string may come back, so a stored value cannot send the page elsewhere.
    if (valid && !/^(\?.*)?$/.test(pending.returnTo ?? "")) pending.returnTo = "";
    return valid ? pending : null;
  } catch {
    return null;
  }
}

// API Gateway's Cognito authorizer, with no OAuth scopes set on the routes, checks the ID
// token; that is the token the page sends.
async function exchangeCode(hosted, code, verifier) {
  return tokenRequest(hosted, {
    grant_type: "authorization_code",
    client_id: hosted.clientId,
    code,
    redirect_uri: hosted.redirectUri,
    code_verifier: verifier,
  });
}

async function refresh(hosted, tokens) {
  if (!tokens.refreshToken) return null;
  const renewed = await tokenRequest(hosted, {
    grant_type: "refresh_token",
    client_id: hosted.clientId,
    refresh_token: tokens.refreshToken,
  });
  // Cognito does not send a new refresh token on refresh: the first one stays in use.
  return { ...renewed, refreshToken: renewed.refreshToken ?? tokens.refreshToken };
}

async function tokenRequest(hosted, form) {
  const response = await fetch(`${hosted.origin}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    credentials: "omit",
  });
  if (!response.ok) throw new SignInError(`Sign-in was refused (${response.status}).`);
  const body = await response.json();
  return {
    idToken: body.id_token,
    refreshToken: body.refresh_token ?? null,
    expiresAt: Date.now() + Number(body.expires_in ?? 0) * 1000,
  };
}

function randomString(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeFor(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  const base64 = btoa(String.fromCharCode(...bytes));
  return base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

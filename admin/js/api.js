// The client of the Customers API (see the HTTP contract): every call carries the bearer
// token, and every failure becomes an ApiError with the API's status, code and message.

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the API could not be reached
   * @param {string} code the API's error code, or "network" / "bad_response"
   * @param {string} message
   * @param {Record<string, string>} [fields] each field or parameter at fault
   */
  constructor(status, code, message, fields = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export class ApiClient {
  /**
   * @param {string} baseUrl "" for the page's own origin, else the API's URL
   * @param {{token: () => Promise<string>, onUnauthorized: () => void}} session
   */
  constructor(baseUrl, session) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.session = session;
  }

  /**
   * GETs a path and answers its JSON body.
   * @param {string} path starts with "/"; path segments must already be encoded
   * @param {Record<string, string>} [query]
   * @param {AbortSignal} [signal]
   */
  async get(path, query = {}, signal = undefined) {
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}${path}${search ? `?${search}` : ""}`;
    const headers = {
      Accept: "application/json",
      Authorization: `Bearer ${await this.session.token()}`,
    };
    const response = await this.#fetch(url, { headers, signal });

    if (response.status === 401) this.session.onUnauthorized();
    if (!response.ok) throw await errorFrom(response);
    return readJson(response);
  }

  async #fetch(url, init) {
    try {
      // No cookies: the bearer token is the only credential the API takes.
      return await fetch(url, { ...init, credentials: "omit", cache: "no-store" });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError(0, "network", "The Customers API could not be reached.");
    }
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(response.status, "bad_response", "The API answered something not JSON.");
  }
}

// The contract's error body is {"error": {"code", "message", "fields"}}; a proxy or the
// gateway may answer something else, which still becomes an ApiError with the status.
async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status alone tells what happened.
  }
  const error = body && typeof body === "object" ? body.error : null;
  const code = typeof error?.code === "string" ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === "string" ? error.message : `The API answered ${response.status}.`;
  const fields = error?.fields && typeof error.fields === "object" ? error.fields : {};
  return new ApiError(response.status, code, message, fields);
}

/** Encodes one path segment, such as a customer id. */
export function segment(value) {
  return encodeURIComponent(value);
}

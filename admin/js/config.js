// Reads admin-config.json, which whoever serves the page writes: the local gateway in
// local mode, the deploy step in the bucket. It says where the API is and how to sign in.

export class ConfigError extends Error {}

/** Answers {apiBase, auth}. */
export async function loadConfig() {
  let response;
  try {
    response = await fetch("admin-config.json", { cache: "no-store", credentials: "omit" });
  } catch {
    throw new ConfigError("admin-config.json could not be fetched.");
  }
  if (!response.ok) throw new ConfigError(`admin-config.json answered ${response.status}.`);

  const config = await response.json().catch(() => null);
  if (!config || typeof config !== "object" || typeof config.auth !== "object") {
    throw new ConfigError("admin-config.json is not the page's configuration.");
  }
  const apiBase = typeof config.api_base === "string" ? config.api_base : "";
  return { apiBase, auth: config.auth };
}

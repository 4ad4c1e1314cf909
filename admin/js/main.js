// Starts the admin page: reads its configuration, signs in, then shows the customers.

import { ApiClient } from "./api.js";
import { CustomersPage } from "./app.js";
import { startSession } from "./auth.js";
import { loadConfig } from "./config.js";
import { byId } from "./dom.js";

async function main() {
  const config = await loadConfig();
  const session = await startSession(config.auth);
  const api = new ApiClient(config.apiBase, session);
  new CustomersPage(api, session).start();
}

main().catch((error) => {
  // Nothing works without configuration or sign-in: say so where the list would be.
  const notice = byId("page-notice");
  notice.textContent = `The page could not start: ${error.message}`;
  notice.hidden = false;
  notice.setAttribute("role", "alert");
  byId("app").hidden = true;
});

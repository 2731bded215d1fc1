import type { DappConfig, DappConfigJson } from "@vm-on-golem/sdk/deployments";
import type { GolemErrorEnvelope } from "@vm-on-golem/sdk/errors";

/**
 * The settings every page runs with: the site's `config.json` (schema: the sdk's
 * `dappConfigSchema`), fetched and validated in the page by `load-web-config.ts`.
 */
export type WebConfig = DappConfig;

/** `config.json` as written (before defaults). */
export type WebConfigJson = DappConfigJson;

/** Either the config, or why it could not be loaded (shown instead of the app). */
export type WebConfigResult =
  | { ok: true; config: WebConfig }
  | { ok: false; error: GolemErrorEnvelope["error"] };

/**
 * `@vm-on-golem/sdk/config`: flag > env > file > default resolution over one zod schema, and
 * the key list (env names, descriptions, defaults) that documents it.
 *
 * @example
 * import { resolveConfig } from "@vm-on-golem/sdk/config";
 */
export { type ConfigKey, configKeys } from "../config/config-keys.ts";
export { type ResolveConfigParameters, resolveConfig } from "../config/resolve-config.ts";

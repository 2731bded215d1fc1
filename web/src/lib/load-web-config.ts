import { dappConfigSchema } from "@vm-on-golem/sdk/deployments";
import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import type { WebConfig, WebConfigResult } from "./web-config.ts";

/**
 * Validates `config.json`'s parsed text. Throws `CONFIG_INVALID` naming every bad field.
 *
 * @example
 * parseWebConfig({ rpcUrl: "http://127.0.0.1:8545", deployment, devChain: true }, "config.json");
 */
export function parseWebConfig(json: unknown, source: string): WebConfig {
  const parsed = dappConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
  );
  throw new GolemError("CONFIG_INVALID", `${source} is not valid: ${issues.join("; ")}`, {
    hints: [
      `fix the listed fields in ${source}, or write it again with \`./dev web:build\` (it reads GOLEM_CHAIN_ID, GOLEM_RPC_URL and deployments/)`,
    ],
    details: { source, issues },
  });
}

/**
 * Fetches and validates the site's `config.json` (`url`, next to the site). Never throws: a
 * missing, unreadable or invalid file comes back as the error the page shows instead of the app.
 *
 * @example
 * const result = await loadWebConfig("/config.json");
 */
export async function loadWebConfig(url: string, fetchFn = fetch): Promise<WebConfigResult> {
  const source = url.split("/").pop() || url;
  try {
    let res: Response;
    try {
      res = await fetchFn(url, { cache: "no-store" });
    } catch (cause) {
      throw new GolemError("CONFIG_INVALID", `${source} could not be fetched from ${url}`, {
        hints: ["check the network, then reload the page"],
        cause,
      });
    }
    if (!res.ok) {
      throw new GolemError(
        "CONFIG_INVALID",
        `${source} is missing: ${url} answered HTTP ${res.status}`,
        {
          hints: [
            `put ${source} next to the site's index.html (\`./dev web:build\` writes one from GOLEM_CHAIN_ID, GOLEM_RPC_URL and deployments/)`,
          ],
          details: { url, status: res.status },
        },
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(await res.text());
    } catch (cause) {
      throw new GolemError("CONFIG_INVALID", `${source} is not JSON`, {
        hints: [`write ${source} again with \`./dev web:build\`, or fix its syntax`],
        cause,
      });
    }
    return { ok: true, config: parseWebConfig(json, source) };
  } catch (err) {
    const { error } = golemErrorFromContractError(err).toJSON();
    return { ok: false, error };
  }
}

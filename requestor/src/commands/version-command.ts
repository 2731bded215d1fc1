import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";

/** Package name `golem version` asks the registry about. */
export const packageName = "@vm-on-golem/requestor";

/** Parameters of {@link latestVersion}. */
export type LatestVersionParameters = {
  registryUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
};

/**
 * The newest published version of the CLI, or `undefined` when the registry cannot say in
 * time (offline, not published, slow): never an error.
 */
export async function latestVersion(params: LatestVersionParameters): Promise<string | undefined> {
  const url = `${params.registryUrl.replace(/\/+$/, "")}/${packageName.replace("/", "%2f")}/latest`;
  try {
    const response = await (params.fetch ?? fetch)(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(params.timeoutMs),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === "string" ? body.version : undefined;
  } catch {
    return undefined;
  }
}

/** True when semver `a` is newer than `b` (numeric major.minor.patch; pre-releases ignored). */
export function isNewer(a: string, b: string): boolean {
  const parts = (v: string) => v.split("-")[0]?.split(".").map(Number) ?? [];
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/** `golem version`: versions of the CLI and Node, and whether a newer CLI is published. */
export async function runVersion(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const latest = await latestVersion(config.versionCheck);
  const updateAvailable = latest !== undefined && isNewer(latest, ctx.version);
  printResult(
    ctx,
    opts,
    {
      requestor: ctx.version,
      node: process.versions.node,
      latest: latest ?? null,
      updateAvailable,
    },
    () =>
      renderFields([
        ["golem", ctx.version],
        ["node", process.versions.node],
        [
          "latest",
          latest === undefined
            ? "unknown (registry not reachable)"
            : updateAvailable
              ? `${latest} — update with \`npm install -g ${packageName}\``
              : `${latest} (up to date)`,
        ],
      ]),
  );
}

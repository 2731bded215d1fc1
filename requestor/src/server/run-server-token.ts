import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult } from "../cli/output.ts";
import { ensureApiToken } from "./api-token.ts";

/**
 * `golem server token`: prints the bearer token tools send to `golem server api`
 * (`Authorization: Bearer <token>`), making it on first use.
 *
 * @example
 * curl -H "Authorization: Bearer $(golem server token)" http://127.0.0.1:7465/api/v1/vms
 */
export async function runServerToken(ctx: CliContext, opts: GlobalOptions): Promise<void> {
  const config = await ctx.config();
  const { token, file } = await ensureApiToken(config.home);
  printResult(ctx, opts, { token, file }, () => token);
}

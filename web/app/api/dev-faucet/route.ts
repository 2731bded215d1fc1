import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { fundDevGas } from "../../../src/server/fund-dev-gas.ts";
import { loadWebConfig } from "../../../src/server/load-web-config.ts";

export const dynamic = "force-dynamic";

/**
 * POST `{ address }`: gas for a new account on the local dev chain only ({@link fundDevGas});
 * answers `{ funded, balance }` (wei, decimal) or `{ error: { code, message, hints } }`.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const loaded = await loadWebConfig();
    if (!loaded.ok) {
      return Response.json({ error: loaded.error }, { status: 500 });
    }
    const text = await request.text();
    if (text.length > 1_000) {
      throw new GolemError("VALIDATION_FAILED", "the request body is larger than 1000 bytes");
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new GolemError("VALIDATION_FAILED", "the request body is not JSON", {
        hints: ['send {"address": "0x…"}'],
      });
    }
    // Checked as an address by fundDevGas, before any RPC call.
    const address = (body as { address?: unknown } | null)?.address;
    const { chainId, rpcUrl } = loaded.config;
    const { funded, balance } = await fundDevGas({ chainId, rpcUrl, address });
    return Response.json({ funded: funded.toString(), balance: balance.toString() });
  } catch (err) {
    const error = golemErrorFromContractError(err);
    return Response.json(error.toJSON(), { status: error.status });
  }
}

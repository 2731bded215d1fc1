import { createStream } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { formatRate, formatTokenAmount, parseTokenAmount } from "@vm-on-golem/sdk/money";
import { depositForDuration, ratePerSecond as rateForResources } from "@vm-on-golem/sdk/stream";
import { type Address, getAddress, type Hex, isAddress, isAddressEqual, isHex, toHex } from "viem";
import { type ChainSession, openChainSession } from "../chain/open-chain-session.ts";
import type { CliContext, GlobalOptions } from "../cli/cli-context.ts";
import { printResult, renderFields } from "../cli/output.ts";
import { confirmOrFail, withProgress } from "../cli/progress.ts";
import type { RequestorConfig } from "../config/requestor-config-schema.ts";
import { formatDuration, hoursToSeconds } from "../format/format-amounts.ts";
import { ensureHome } from "../state/ensure-home.ts";
import { openRequestorDb } from "../state/requestor-db.ts";
import { discoverAdverts } from "./discover-adverts.ts";
import { wholeNumber } from "./vm-providers.ts";

/** Flags of `golem vm stream open`. */
export type StreamOpenOptions = GlobalOptions & {
  providerId: string;
  rate?: string | undefined;
  ratePerSecond?: string | undefined;
  hours: string;
  serviceId?: string | undefined;
  yes?: boolean | undefined;
  cpu?: string | undefined;
  memory?: string | undefined;
  storage?: string | undefined;
};

const invalid = (field: string, message: string, hint: string, value?: string) =>
  new GolemError("VALIDATION_FAILED", message, {
    hints: [hint],
    details: value === undefined ? { field } : { field, value },
  });

/** True when the rate comes from the provider's advert for a VM size (`--cpu/--memory/--storage`). */
export function ratesFromAdvert(opts: StreamOpenOptions): boolean {
  return opts.cpu !== undefined || opts.memory !== undefined || opts.storage !== undefined;
}

/** Base units per second from `--rate <GLM per hour>` (rounded up) or `--rate-per-second`. */
export function rateFromOptions(opts: StreamOpenOptions, decimals: number): bigint {
  if ((opts.rate === undefined) === (opts.ratePerSecond === undefined)) {
    throw invalid(
      "--rate",
      "pass exactly one of --rate, --rate-per-second, or a VM size (--cpu/--memory/--storage)",
      "e.g. --rate 0.5 (GLM per hour), or --cpu 2 --memory 4 --storage 20 to use the provider's prices",
    );
  }
  if (opts.ratePerSecond !== undefined) {
    if (!/^\d+$/.test(opts.ratePerSecond) || BigInt(opts.ratePerSecond) === 0n) {
      throw invalid(
        "--rate-per-second",
        "--rate-per-second must be a whole number of base units > 0",
        "e.g. --rate-per-second 1000000000000",
        opts.ratePerSecond,
      );
    }
    return BigInt(opts.ratePerSecond);
  }
  const perHour = parseTokenAmount(opts.rate ?? "", decimals, "--rate");
  const perSecond = (perHour + 3599n) / 3600n;
  if (perSecond === 0n) {
    throw invalid("--rate", "--rate must be more than 0", "e.g. --rate 0.5", opts.rate);
  }
  return perSecond;
}

function serviceIdFrom(text: string | undefined): Hex {
  if (text === undefined) return toHex(crypto.getRandomValues(new Uint8Array(32)));
  if (!isHex(text) || text.length !== 66) {
    throw invalid(
      "--service-id",
      "--service-id must be 32 bytes of hex",
      "e.g. an offer hash 0x…",
      text,
    );
  }
  return text;
}

/** The stream rate for a VM size at the provider's verified advert prices (seed behaviour). */
async function rateFromAdvert(
  ctx: CliContext,
  config: RequestorConfig,
  session: ChainSession,
  provider: Address,
  opts: StreamOpenOptions,
): Promise<bigint> {
  if (opts.rate !== undefined || opts.ratePerSecond !== undefined) {
    throw invalid(
      "--rate",
      "pass either a rate or a VM size (--cpu/--memory/--storage), not both",
      "drop --rate to pay the provider's advertised prices",
    );
  }
  const size = {
    cpu: wholeNumber(opts.cpu, "--cpu") ?? 0,
    memoryGiB: wholeNumber(opts.memory, "--memory") ?? 0,
    storageGiB: wholeNumber(opts.storage, "--storage") ?? 0,
  };
  const adverts = await discoverAdverts(ctx, config, session, size);
  const advert = adverts.find((signed) => isAddressEqual(signed.advert.provider, provider))?.advert;
  if (advert === undefined) {
    throw new GolemError(
      "PROVIDER_UNREACHABLE",
      `provider ${provider} has no verified advert with room for ${size.cpu} CPU, ${size.memoryGiB} GiB RAM, ${size.storageGiB} GiB disk`,
      {
        hints: ["list providers that fit with `golem vm providers --cpu … --memory … --storage …`"],
        details: { provider, ...size },
      },
    );
  }
  return rateForResources(advert.prices, size);
}

/**
 * `golem vm stream open`: opens a stream from the payment key to a provider and records it.
 * Spends, so it asks first showing the deposit and rate (`--yes` agrees in advance; in a pipe
 * or with `--json` and no `--yes` it fails with `CONFIRMATION_REQUIRED`, like `vm create`).
 */
export async function runStreamOpen(ctx: CliContext, opts: StreamOpenOptions): Promise<void> {
  if (!isAddress(opts.providerId, { strict: false })) {
    throw invalid(
      "--provider-id",
      `${opts.providerId} is not an address`,
      "pass the provider's payment address (see `golem vm providers`)",
      opts.providerId,
    );
  }
  const recipient: Address = getAddress(opts.providerId);
  const seconds = hoursToSeconds(opts.hours, "--hours");
  const serviceId = serviceIdFrom(opts.serviceId);
  const config = await ctx.config();
  const session = await openChainSession(config);
  const { GLM, StreamPayment } = session.deployment.contracts;
  const ratePerSecond = ratesFromAdvert(opts)
    ? await rateFromAdvert(ctx, config, session, recipient, opts)
    : rateFromOptions(opts, GLM.decimals);
  const deposit = depositForDuration(ratePerSecond, seconds);
  const glm = (v: bigint) => formatTokenAmount(v, GLM);
  const perHour = formatRate(ratePerSecond, GLM).perHour;
  const ok = await confirmOrFail(
    ctx,
    `Deposit ${glm(deposit)} into a stream to ${recipient} at ${perHour}?`,
    opts.yes,
  );
  if (!ok) return;
  await ctx.approveSpend?.({
    amount: deposit,
    decimals: GLM.decimals,
    symbol: GLM.symbol,
    purpose: `a stream to ${recipient}`,
  });
  const wallet = await session.wallet();
  const result = await withProgress(ctx, "opening the stream", () =>
    createStream(wallet, {
      address: StreamPayment.address,
      token: GLM.address,
      recipient,
      deposit,
      ratePerSecond,
      serviceId,
    }),
  );
  const db = openRequestorDb(await ensureHome(config.home));
  try {
    db.insertStream({
      chainId: session.chainId,
      streamId: result.streamId.toString(),
      contract: StreamPayment.address,
      recipient,
      ratePerSecond: ratePerSecond.toString(),
      vmName: null,
      txHash: result.hash,
      createdAt: Date.now(),
    });
  } finally {
    db.close();
  }
  printResult(
    ctx,
    opts,
    {
      streamId: result.streamId,
      recipient,
      ratePerSecond,
      deposit,
      runwaySeconds: seconds,
      serviceId,
      hash: result.hash,
      approveHash: result.approveHash ?? null,
      explorer: session.explorer?.tx(result.hash) ?? null,
    },
    () =>
      renderFields([
        ["Stream", `#${result.streamId}`],
        ["Recipient", recipient],
        ["Deposit", glm(deposit)],
        ["Rate", `${perHour} (${ratePerSecond} base units/s)`],
        ["Runway", formatDuration(deposit / ratePerSecond)],
        ["Transaction", session.explorer?.tx(result.hash) ?? result.hash],
      ]),
  );
}

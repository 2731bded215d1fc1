import { type Address, type Hash, zeroAddress } from "viem";
import { getBlock } from "viem/actions";
import { createStream } from "../contract/create-stream.ts";
import { detectPermitFlavour } from "../contract/detect-permit-flavour.ts";
import { createNativeStream } from "../contract/native-stream.ts";
import { openStream } from "../contract/open-stream.ts";
import { type PaymentMethod, paymentMethod } from "../contract/payment-method.ts";
import type { SigningClient } from "../contract/wallet-client.ts";
import { GolemError } from "../errors/golem-error.ts";
import { secondsOfHours } from "../money/seconds-of-hours.ts";
import type { SignedOffer } from "../offer/offer-schema.ts";
import type { OfferView } from "../provider-api/offers.ts";
import type { CreateVmBody, VmView } from "../provider-api/vms.ts";
import type { ProviderClient } from "../provider-client/create-provider-client.ts";
import type { HourlyPrices } from "../stream/rate-per-second.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { checkOffer } from "./check-offer.ts";
import { checkOfferPrice } from "./check-offer-price.ts";

/** Seconds funded beyond an offer's minimum runway, for the time between paying and the provider's check. */
export const rentRunwayMarginSeconds = 300n;

/** A step of {@link rentVm}, reported as it starts. */
export type RentStep = "sign-in" | "offer" | "stream" | "create";

/** The price the user confirms before anything is paid. */
export type RentQuote = {
  offer: SignedOffer;
  serviceId: Hash;
  /** Base units per second. */
  ratePerSecond: bigint;
  /** The rate the listed (advert's) prices give for this size, to show beside the offer's; undefined without them. */
  listedRatePerSecond: bigint | undefined;
  /** Base units the stream is funded with. */
  deposit: bigint;
  /** Seconds the deposit pays. */
  seconds: bigint;
  /** What the provider may pull into the stream when it runs low (base units); 0: no budget. */
  topUpBudget: bigint;
  /**
   * How the stream will be opened on this token: one transaction with a permit (a DAI-style one,
   * as mainnet GLM's, grants an unlimited allowance) or two (approve, then create).
   */
  payment: PaymentMethod;
};

/** Parameters of {@link rentVm}. */
export type RentVmParameters = {
  /** The provider's API client, signing in with the same account as `wallet`. */
  provider: ProviderClient;
  /** Pays: opens the stream (local key, or a browser wallet through wagmi). */
  wallet: SigningClient;
  /**
   * The requestor's deployment: chain, StreamPayment and token the offer must name; the zero
   * token is StreamPaymentNative (the stream is opened with the deposit as its value).
   */
  deployment: { chainId: number; streamPayment: Address; token: Address };
  /** The provider id from its verified advert; the offer must be signed by it. */
  providerId?: Address | undefined;
  /**
   * The hourly prices of the advert the user chose (signed, verified), or the provider's listed
   * prices the user saw when there is none: an offer above the rate they give is refused.
   */
  listedPrices?: HourlyPrices | undefined;
  /** The most the user pays per hour for this VM (base units); a dearer offer is refused. */
  maxPricePerHour?: bigint | undefined;
  vm: Omit<CreateVmBody, "offer" | "streamId"> & { image?: string | undefined };
  /** Hours of runway to fund; must cover the offer's minimum runway plus {@link rentRunwayMarginSeconds}. */
  hours: number;
  /**
   * Hours of runway the stream's top-up budget pays for at the offer's rate (default 0: none):
   * the provider pulls from it before it would stop the VM, so the VM outlives its deposit
   * while the requestor is offline.
   */
  autoTopUpHours?: number | undefined;
  /**
   * `permit` (default): one signature + one transaction with the permit the token speaks (EIP-2612
   * or DAI-style), or approve + create when it has none; `approve`: always two transactions.
   */
  method?: "permit" | "approve" | undefined;
  /** Asked with the quote before money moves; `false` stops with `USER_REJECTED`. */
  confirm?: ((quote: RentQuote) => Promise<boolean>) | undefined;
  onStep?: ((step: RentStep) => void) | undefined;
};

/** Result of {@link rentVm}: the VM as created (usually still `creating`) and its stream. */
export type RentVmReturnType = { vm: VmView; streamId: StreamId; quote: RentQuote; streamTx: Hash };

/**
 * The rent flow of ARCHITECTURE.md, shared by the CLI, the dapp and the demo: sign in (SIWE),
 * get the provider's signed offer and check it (signature and terms with `checkOffer`, price
 * against the listed prices, `maxPricePerHour` and the runway cap with `checkOfferPrice`), open
 * a stream with `serviceId = hash(offer)` at the offer's rate for `hours` (never less than its
 * minimum runway), then create the VM with the offer and stream id. The provider checks the
 * stream on chain before any VM work. Wait for SSH with `waitForVmRunning`.
 *
 * @example
 * const { vm, streamId } = await rentVm({ provider, wallet, deployment, vm: { name, cpu: 1, memoryGiB: 1, storageGiB: 10, sshPublicKey }, hours: 2 });
 */
export async function rentVm(params: RentVmParameters): Promise<RentVmReturnType> {
  const { provider, wallet, deployment } = params;
  // The provider is told which StreamPayment will pay, so one it does not take is refused
  // before anything is signed or paid (PAYMENT_NOT_ACCEPTED); the signed offer is still checked.
  const { image, ...vmBody } = params.vm;
  if (!(params.hours > 0) || !Number.isFinite(params.hours)) {
    throw new GolemError("VALIDATION_FAILED", "hours must be a number above 0", {
      details: { field: "hours", value: params.hours },
    });
  }
  const autoTopUpHours = params.autoTopUpHours ?? 0;
  if (!(autoTopUpHours >= 0) || !Number.isFinite(autoTopUpHours)) {
    throw new GolemError("VALIDATION_FAILED", "autoTopUpHours must be a number of 0 or more", {
      details: { field: "autoTopUpHours", value: autoTopUpHours },
    });
  }
  if (autoTopUpHours > 0 && deployment.token === zeroAddress) {
    // StreamPaymentNative has no budgets: nothing could pull ETH from the sender's wallet later.
    throw new GolemError(
      "VALIDATION_FAILED",
      "a stream paid in native ETH cannot have a top-up budget; nothing was paid",
      {
        hints: ["drop --auto-topup-hours, or pay in GLM (--pay glm) to keep a budget"],
        details: { field: "autoTopUpHours", value: autoTopUpHours },
      },
    );
  }
  params.onStep?.("sign-in");
  await provider.signIn();
  params.onStep?.("offer");
  const size = { cpu: vmBody.cpu, memoryGiB: vmBody.memoryGiB, storageGiB: vmBody.storageGiB };
  const wire: OfferView = await provider.createOffer({
    ...size,
    image,
    streamPayment: deployment.streamPayment,
  });
  const chainNow = Number((await getBlock(wallet)).timestamp);
  const { signed, serviceId } = await checkOffer(wire, {
    provider: params.providerId,
    requestor: wallet.account.address,
    chainId: deployment.chainId,
    contract: deployment.streamPayment,
    token: deployment.token,
    resources: size,
    nowSeconds: Math.max(chainNow, Math.floor(Date.now() / 1000)),
  });
  const { listedRatePerSecond } = checkOfferPrice(signed.offer, {
    listedPrices: params.listedPrices,
    maxPricePerHour: params.maxPricePerHour,
  });
  const rate = signed.offer.ratePerSecond;
  // The provider checks the runway after the stream's transaction and the create request: the
  // minimum plus a margin must be paid for, or a stream funded to the exact minimum is refused.
  const least = BigInt(signed.offer.minRunwaySeconds) + rentRunwayMarginSeconds;
  const seconds = secondsOfHours(params.hours, "up");
  const native = deployment.token === zeroAddress;
  const flavour = native
    ? "native"
    : params.method === "approve"
      ? "none"
      : await detectPermitFlavour(wallet, { token: deployment.token });
  const quote: RentQuote = {
    offer: signed,
    serviceId,
    ratePerSecond: rate,
    listedRatePerSecond,
    deposit: rate * seconds,
    seconds,
    topUpBudget: rate * secondsOfHours(autoTopUpHours, "up"),
    payment: paymentMethod(flavour),
  };
  if (params.confirm && !(await params.confirm(quote))) {
    throw new GolemError("USER_REJECTED", "the rental was not confirmed; nothing was paid", {
      hints: ["confirm the quote to rent the VM"],
    });
  }
  if (seconds < least) {
    const hours = Math.ceil(Number(least) / 360) / 10;
    throw new GolemError(
      "VALIDATION_FAILED",
      `the provider needs ${signed.offer.minRunwaySeconds} s of runway when the VM starts; ${seconds} s would run short`,
      {
        hints: [`rent for ${hours} hours or more`],
        details: { field: "hours", minRunwaySeconds: signed.offer.minRunwaySeconds },
      },
    );
  }
  params.onStep?.("stream");
  const streamArgs = {
    address: deployment.streamPayment,
    recipient: signed.offer.provider,
    deposit: quote.deposit,
    ratePerSecond: rate,
    serviceId,
    token: deployment.token,
    topUpBudget: quote.topUpBudget,
  };
  const opened =
    flavour === "native"
      ? await createNativeStream(wallet, streamArgs)
      : flavour === "none"
        ? await createStream(wallet, streamArgs)
        : await openStream(wallet, { ...streamArgs, flavour });
  params.onStep?.("create");
  const vm = await provider.createVm({
    ...vmBody,
    offer: { offer: wire.offer, signature: wire.signature },
    streamId: opened.streamId.toString(),
  });
  return { vm, streamId: opened.streamId, quote, streamTx: opened.hash };
}

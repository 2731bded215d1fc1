"use client";

import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { RentQuote } from "@vm-on-golem/sdk/rent";
import { formatDuration, shortAddress } from "../lib/format.ts";
import { useApp } from "./providers.tsx";

/**
 * The signed offer's price beside the advert's for the same size, and the deposit, with Pay /
 * Cancel; nothing is paid before Pay (an offer above the advert never gets here).
 */
export function RentQuoteView({
  quote,
  listedSigned,
  onAnswer,
}: {
  quote: RentQuote;
  /** The listed price comes from the provider's signed advert (else from its unsigned info). */
  listedSigned: boolean;
  onAnswer: (ok: boolean) => void;
}) {
  const { deployment } = useApp();
  const { GLM } = deployment.contracts;
  const { offer } = quote.offer;
  const price = formatRate(quote.ratePerSecond, GLM);
  const listed =
    quote.listedRatePerSecond === undefined
      ? undefined
      : formatRate(quote.listedRatePerSecond, GLM);
  const expires = new Date(offer.expiresAt * 1000).toLocaleTimeString();
  return (
    <div className="quote" data-testid="quote">
      <h2>Offer</h2>
      <dl>
        <dt>Provider</dt>
        <dd title={offer.provider}>{shortAddress(offer.provider)}</dd>
        <dt>Size</dt>
        <dd>
          {offer.resources.cpu} CPU, {offer.resources.memoryGiB} GiB memory,{" "}
          {offer.resources.storageGiB} GiB disk
        </dd>
        <dt>Price</dt>
        <dd data-testid="quote-price">
          {price.perHour} ({price.perMonth})
        </dd>
        <dt>{listedSigned ? "Advert price (signed)" : "Listed price (provider info, unsigned)"}</dt>
        <dd data-testid="quote-listed-price">
          {listed ? `${listed.perHour} (${listed.perMonth})` : "none to compare"}
        </dd>
        <dt>Deposit</dt>
        <dd data-testid="quote-deposit">
          {formatTokenAmount(quote.deposit, GLM)} for {formatDuration(quote.seconds)} of runway
          (unused funds come back when you stop the stream)
        </dd>
        <dt>Payment</dt>
        <dd data-testid="quote-payment">{quote.payment.text}</dd>
        <dt>Offer valid until</dt>
        <dd>{expires}</dd>
      </dl>
      <button type="button" onClick={() => onAnswer(true)}>
        Pay and create VM
      </button>{" "}
      <button type="button" className="secondary" onClick={() => onAnswer(false)}>
        Cancel
      </button>
    </div>
  );
}

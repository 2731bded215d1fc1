"use client";

import { formatRate, formatTokenAmount } from "@vm-on-golem/sdk/money";
import type { RentQuote } from "@vm-on-golem/sdk/rent";
import { formatDuration, shortAddress } from "../lib/format.ts";
import { Button } from "./ui/button.tsx";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "./ui/card.tsx";

/**
 * The signed offer's price beside the advert's for the same size, and the deposit, in the coin
 * the stream is paid in, and how it is paid (transactions, permit), with Pay / Cancel; nothing
 * is paid before Pay (an offer above the advert never gets here).
 */
export function RentQuoteView({
  quote,
  coin,
  listedSigned,
  onAnswer,
}: {
  quote: RentQuote;
  /** The stream's coin: the provider's StreamPayment's token, or ETH for a native stream. */
  coin: { symbol: string; decimals: number };
  /** The listed price comes from the provider's signed advert (else from its unsigned info). */
  listedSigned: boolean;
  onAnswer: (ok: boolean) => void;
}) {
  const { offer } = quote.offer;
  const price = formatRate(quote.ratePerSecond, coin);
  const listed =
    quote.listedRatePerSecond === undefined
      ? undefined
      : formatRate(quote.listedRatePerSecond, coin);
  const expires = new Date(offer.expiresAt * 1000).toLocaleTimeString();
  return (
    <Card data-testid="quote">
      <CardHeader>
        <CardTitle>Offer</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr] [&_dt]:font-medium [&_dt]:text-muted-foreground [&_dd]:mb-2 sm:[&_dd]:mb-0">
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
          <dt>
            {listedSigned ? "Advert price (signed)" : "Listed price (provider info, unsigned)"}
          </dt>
          <dd data-testid="quote-listed-price">
            {listed ? `${listed.perHour} (${listed.perMonth})` : "none to compare"}
          </dd>
          <dt>Deposit</dt>
          <dd data-testid="quote-deposit">
            {formatTokenAmount(quote.deposit, coin)} for {formatDuration(quote.seconds)} of runway
            (unused funds come back when you stop the stream)
          </dd>
          <dt>Top-up budget</dt>
          <dd data-testid="quote-budget">
            {quote.topUpBudget === 0n
              ? "none (the VM stops when the deposit runs out)"
              : `${formatTokenAmount(quote.topUpBudget, coin)} for ${formatDuration(quote.topUpBudget / quote.ratePerSecond)} more, pulled by the provider only when the runway runs low`}
          </dd>
          <dt>Payment</dt>
          <dd
            data-testid="quote-payment"
            data-flavour={quote.payment.flavour}
            data-transactions={quote.payment.transactions}
          >
            {quote.payment.text}
          </dd>
          <dt>Offer valid until</dt>
          <dd>{expires}</dd>
        </dl>
      </CardContent>
      <CardFooter>
        <Button onClick={() => onAnswer(true)}>Pay and create VM</Button>
        <Button variant="outline" onClick={() => onAnswer(false)}>
          Cancel
        </Button>
      </CardFooter>
    </Card>
  );
}

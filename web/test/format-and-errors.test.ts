import { paymentMethod } from "@vm-on-golem/sdk/contract";
import { GolemError } from "@vm-on-golem/sdk/errors";
import type { RentQuote } from "@vm-on-golem/sdk/rent";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { UserRejectedRequestError } from "viem";
import { describe, expect, it } from "vitest";
import { ErrorDisplay } from "../src/components/error-display.tsx";
import { AppContext, type AppContextValue } from "../src/components/providers.tsx";
import { RentQuoteView } from "../src/components/rent-quote.tsx";
import { formatDuration, shortAddress } from "../src/lib/format.ts";
import { formatFreshness, formatRunway, parseTokenInput } from "../src/lib/price.ts";
import { toErrorView } from "../src/lib/to-golem-error.ts";

describe("web: formatting", () => {
  it("formats durations as the two largest units", () => {
    expect(formatDuration(0n)).toBe("0 s");
    expect(formatDuration(45n)).toBe("45 s");
    expect(formatDuration(3_600n + 300n + 7n)).toBe("1 h 5 min");
    expect(formatDuration(3n * 86_400n + 4n * 3_600n + 59n)).toBe("3 d 4 h");
  });

  it("shortens addresses", () => {
    expect(shortAddress("0x1234567890abcdef1234567890abcdef12345678")).toBe("0x1234…5678");
  });
});

describe("web: error display", () => {
  it("shows a GolemError's code, message and hints", () => {
    const error = new GolemError("STREAM_UNAUTHORIZED", "you are not in stream 7");
    const html = renderToStaticMarkup(createElement(ErrorDisplay, { error, title: "failed" }));
    expect(html).toContain('data-error-code="STREAM_UNAUTHORIZED"');
    expect(html).toContain("error[STREAM_UNAUTHORIZED]");
    expect(html).toContain("you are not in stream 7");
    expect(html).toContain("hint: only the stream");
    expect(html).not.toContain("at ");
  });

  it("maps a wallet rejection to USER_REJECTED and never shows a stack", () => {
    const view = toErrorView(new UserRejectedRequestError(new Error("User denied")));
    expect(view.code).toBe("USER_REJECTED");
    expect(view.hints[0]).toMatch(/approve/);
    const plain = toErrorView(new Error("boom\n    at frame (file.js:1:1)"));
    expect(plain.code).toBe("INTERNAL");
    expect(plain.message).not.toContain("file.js");
  });

  it("shows an error envelope sent by the server as it is", () => {
    const envelope = new GolemError("DEPLOYMENT_NOT_FOUND", "no deployment on chain 5").toJSON();
    const html = renderToStaticMarkup(createElement(ErrorDisplay, { error: envelope.error }));
    expect(html).toContain("error[DEPLOYMENT_NOT_FOUND]");
    expect(html).toContain("hint: run `./dev chain`");
  });
});

describe("web: prices, freshness and runway", () => {
  it("shows how fresh an advert is", () => {
    expect(formatFreshness({ issuedAt: 1000, expiresAt: 1600 }, 1120)).toBe(
      "2 min ago, valid 8 min",
    );
    expect(formatFreshness({ issuedAt: 1000, expiresAt: 1600 }, 1002)).toBe(
      "just now, valid 9 min 58 s",
    );
    expect(formatFreshness({ issuedAt: 1000, expiresAt: 1600 }, 1600)).toBe("expired");
  });

  it("counts the runway down to the depletion time", () => {
    expect(formatRunway(1_700_003_600, 1_700_000_000)).toBe("1 h");
    expect(formatRunway(1_700_003_600, 1_700_003_599)).toBe("1 s");
    expect(formatRunway(1_700_003_600, 1_700_003_600)).toBe("depleted");
    expect(formatRunway(null, 0)).toBe("depleted");
  });

  it("parses typed token amounts without floating point", () => {
    expect(parseTokenInput("0.5", 18)).toBe(5n * 10n ** 17n);
    expect(parseTokenInput("12", 6)).toBe(12_000_000n);
    expect(parseTokenInput("1.0000001", 6)).toBeUndefined();
    expect(parseTokenInput("1e3", 18)).toBeUndefined();
    expect(parseTokenInput("", 18)).toBeUndefined();
  });
});

describe("web: the rent quote", () => {
  const render = (
    quote: RentQuote,
    listedSigned = false,
    coin = { decimals: 18, symbol: "tGLM" },
  ) => {
    const app = {
      deployment: { contracts: { GLM: { decimals: 18, symbol: "tGLM" } } },
    } as unknown as AppContextValue;
    return renderToStaticMarkup(
      createElement(
        AppContext.Provider,
        { value: app },
        createElement(RentQuoteView, { quote, coin, listedSigned, onAnswer: () => undefined }),
      ),
    );
  };

  it("shows the demo's price with the sdk's formatter: no float noise, a 730-hour month", () => {
    // ceil(2.54 tGLM / 3600 s): per hour that is 2.5400000000000016 tGLM exactly.
    const ratePerSecond = 705_555_555_555_556n;
    const html = render({
      offer: {
        offer: {
          provider: "0x1234567890abcdef1234567890abcdef12345678",
          resources: { cpu: 2, memoryGiB: 1, storageGiB: 4 },
          expiresAt: 1_700_000_600,
        },
        signature: "0x",
      },
      serviceId: "0x",
      ratePerSecond,
      deposit: ratePerSecond * 7200n,
      seconds: 7200n,
      topUpBudget: 0n,
      payment: paymentMethod("eip2612"),
    } as unknown as RentQuote);
    expect(html).toContain("2.54 tGLM/h (1854.2 tGLM/month)");
    expect(html).toContain("5.08 tGLM for 2 h of runway");
    expect(html).toContain("none (the VM stops when the deposit runs out)");
    expect(html).not.toMatch(/\.\d*(0{9,}|9{9,})/);
  });

  it("shows the offer's price beside the advert's, deposit, runway and top-up budget before anything is paid", () => {
    const quote = {
      offer: {
        offer: {
          provider: "0x1234567890abcdef1234567890abcdef12345678",
          resources: { cpu: 2, memoryGiB: 1, storageGiB: 10 },
          expiresAt: 1_700_000_600,
        },
        signature: "0x",
      },
      serviceId: "0x",
      ratePerSecond: 100_000_000_000_000n,
      listedRatePerSecond: 200_000_000_000_000n,
      deposit: 360_000_000_000_000_000n,
      seconds: 3600n,
      topUpBudget: 720_000_000_000_000_000n,
      payment: paymentMethod("dai"),
    } as unknown as RentQuote;
    const html = render(quote, true);
    expect(html).toContain("grants StreamPayment an unlimited allowance");
    expect(html).toContain("0.36 tGLM/h (262.8 tGLM/month)");
    expect(html).toContain("Advert price (signed)");
    expect(html).toContain("0.72 tGLM/h (525.6 tGLM/month)");
    expect(html).toContain("0.36 tGLM for 1 h of runway");
    expect(html).toContain("1 h of runway");
    expect(html).toContain(
      "0.72 tGLM for 2 h more, pulled by the provider only when the runway runs low",
    );
    expect(html).toContain("2 CPU, 1 GiB memory,");
    expect(html).toContain("0x1234…5678");
    expect(html).toContain("Pay and create VM");
  });

  it("states the coin and how a stream is paid: ETH as the transaction's value, a token without permit in two transactions", () => {
    const base = {
      offer: {
        offer: {
          provider: "0x1234567890abcdef1234567890abcdef12345678",
          resources: { cpu: 1, memoryGiB: 1, storageGiB: 10 },
          expiresAt: 1_700_000_600,
        },
        signature: "0x",
      },
      serviceId: "0x",
      ratePerSecond: 10_000_000_000_000n,
      listedRatePerSecond: undefined,
      deposit: 36_000_000_000_000_000n,
      seconds: 3600n,
      topUpBudget: 0n,
    };
    const eth = render(
      { ...base, payment: paymentMethod("native") } as unknown as RentQuote,
      true,
      { decimals: 18, symbol: "ETH" },
    );
    expect(eth).toContain("0.036 ETH/h");
    expect(eth).toContain("0.036 ETH for 1 h of runway");
    expect(eth).toContain(
      "the deposit in the chain&#x27;s native coin (ETH) is the stream&#x27;s value",
    );
    expect(eth).toContain('data-transactions="1"');
    expect(eth).not.toContain("tGLM");
    const plain = render(
      { ...base, payment: paymentMethod("none") } as unknown as RentQuote,
      true,
      { decimals: 6, symbol: "PLAIN" },
    );
    expect(plain).toContain("36000000000 PLAIN for 1 h of runway");
    expect(plain).toContain("two transactions: approve the deposit, then open the stream");
    expect(plain).toContain('data-transactions="2"');
  });
});

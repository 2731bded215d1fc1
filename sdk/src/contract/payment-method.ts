import type { PermitFlavour } from "./detect-permit-flavour.ts";

/** How a stream is opened on a token, as a quote states it. */
export type PaymentMethod = {
  /** The token's permit flavour, or `native` for the chain's coin (the deposit is the value). */
  flavour: PermitFlavour | "native";
  /** Transactions the requestor sends: 1 with a permit, 2 without (approve, then create). */
  transactions: 1 | 2;
  /** One sentence for the quote. */
  text: string;
};

/**
 * What opening a stream costs the requestor in steps, for a token's permit flavour: the words a
 * quote shows ("one transaction", "two transactions", and for a DAI-style permit that the
 * allowance it grants is unlimited).
 *
 * @example
 * paymentMethod("none").text // "two transactions: approve the deposit, then open the stream"
 */
export function paymentMethod(flavour: PermitFlavour | "native"): PaymentMethod {
  switch (flavour) {
    case "native":
      return {
        flavour,
        transactions: 1,
        text: "one transaction: the deposit in the chain's native coin (ETH) is the stream's value, no token approval",
      };
    case "eip2612":
      return {
        flavour,
        transactions: 1,
        text: "one transaction: a permit signature for the deposit, then the stream",
      };
    case "dai":
      return {
        flavour,
        transactions: 1,
        text:
          "one transaction: the token's permit signature grants StreamPayment an unlimited allowance " +
          "(it pulls only in your own transactions and within budgets you set), then the stream",
      };
    case "none":
      return {
        flavour,
        transactions: 2,
        text: "two transactions: approve the deposit, then open the stream (the token has no permit)",
      };
  }
}

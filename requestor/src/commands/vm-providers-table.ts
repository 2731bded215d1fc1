import { paymentsNetworkLabel } from "@vm-on-golem/sdk/deployments";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import { zeroAddress } from "viem";
import type { OwnDeployment } from "../chain/own-deployment.ts";
import { renderTable } from "../cli/output.ts";
import type { PaymentsScope } from "./discover-adverts.ts";
import { type ProbedProviderRow, paysInOwnToken, reachabilityText } from "./provider-rows.ts";

/** Parameters of {@link renderProvidersTable}. */
export type RenderProvidersTableParameters = {
  rows: readonly ProbedProviderRow[];
  scope: PaymentsScope;
  /** This CLI's deployment and its token's decimals and symbol. */
  own: OwnDeployment & { decimals: number; symbol: string };
  /** `--max-price` was given. */
  maxPrice: boolean;
};

/** `0x5FbD…0aa3`: enough of an address to tell tokens apart in a table cell. */
const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/** A StreamPaymentNative's price (the zero token): wei of the chain's coin, shown as ETH. */
const nativeCoin = { symbol: "ETH", decimals: 18 };

/**
 * The text of `golem vm providers`: a summary line, the table and notes. Prices in this CLI's
 * token are shown in its unit (e.g. `1.54 tGLM`); any other token's in base units followed by
 * the token's short address, since its decimals and symbol are not known here. A Network column
 * is added when the listing is not limited to this CLI's own deployment.
 *
 * @example
 * ctx.out(renderProvidersTable({ rows, scope: { kind: "all" }, own, maxPrice: false }));
 */
export function renderProvidersTable(params: RenderProvidersTableParameters): string {
  const { rows, scope, own } = params;
  const where =
    scope.kind === "all"
      ? " on every payments network"
      : scope.kind === "chain"
        ? ` paid on ${paymentsNetworkLabel(scope.chainId)}`
        : "";
  if (rows.length === 0) {
    return `No providers${where} match. Loosen the filters or try again later.`;
  }
  const wide = scope.kind !== "own";
  const answered = rows.filter((r) => r.reachability.reachable).length;
  const size = rows[0]?.priceFor;
  const price = (row: ProbedProviderRow, amount: bigint) =>
    paysInOwnToken(row, own)
      ? formatTokenAmount(amount, own)
      : row.token === zeroAddress
        ? formatTokenAmount(amount, nativeCoin)
        : `${amount} ${shortAddress(row.token)}`;
  const lines = [
    `${rows.length} provider${rows.length === 1 ? "" : "s"}${where}, ${answered} answering now (prices for ${size?.cpu} CPU, ${size?.memoryGiB} GiB RAM, ${size?.storageGiB} GiB disk)`,
    renderTable(
      [
        "Provider ID",
        ...(wide ? ["Network"] : []),
        "Country",
        "Arch",
        "Free CPU",
        "Free RAM",
        "Free disk",
        "Per hour",
        "Per month",
        "Reachable",
      ],
      rows.map((r) => [
        r.providerId,
        ...(wide ? [r.network] : []),
        r.country,
        r.platform,
        r.free.cpu,
        `${r.free.memoryGiB} GiB`,
        `${r.free.storageGiB} GiB`,
        price(r, r.pricePerHour),
        price(r, r.pricePerMonth),
        reachabilityText(r.reachability),
      ]),
    ),
  ];
  const foreignToken = rows.some((r) => !paysInOwnToken(r, own) && r.token !== zeroAddress);
  if (foreignToken) {
    lines.push(
      `Prices not in ${own.symbol} are base units of the token whose address follows them (full addresses in --json).`,
    );
    if (params.maxPrice) lines.push(`--max-price filtered only the prices in ${own.symbol}.`);
  }
  if (rows.some((r) => !r.ownDeployment)) {
    lines.push(
      `\`golem vm create\` rents only from providers paid through this CLI's deployment (${paymentsNetworkLabel(own.chainId)}, ${own.symbol}); to rent on another network, pass its --network.`,
    );
  }
  return lines.join("\n");
}

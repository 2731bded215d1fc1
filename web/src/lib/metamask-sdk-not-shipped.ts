// Stands in for `@metamask/sdk` in the dapp's bundle (next.config.ts aliases it here): its licence
// reserves all rights, so the dapp does not ship it. Only wagmi's `metaMask()` connector loads it,
// and the dapp's wallet list does not use that connector: MetaMask connects as an installed
// browser wallet (EIP-6963) or through WalletConnect.
import { GolemError } from "@vm-on-golem/sdk/errors";

/** Refuses to start: the connector that asked for the MetaMask SDK is not part of this dapp. */
export default class MetaMaskSdkNotShipped {
  constructor() {
    throw new GolemError("NOT_SUPPORTED", "this dapp does not ship the MetaMask SDK", {
      hints: [
        "connect MetaMask as an installed browser wallet, or through WalletConnect from the phone",
      ],
    });
  }
}

export const MetaMaskSDK = MetaMaskSdkNotShipped;

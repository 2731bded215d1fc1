/**
 * `@vm-on-golem/sdk/rent`: the rent flow shared by the CLI, the dapp and the demo (sign in, get
 * and check the signed offer, open the stream, create the VM) and the wait until it runs.
 *
 * @example
 * import { rentVm, waitForVmRunning } from "@vm-on-golem/sdk/rent";
 */
export { maxOfferMinRunwaySeconds } from "../rent/check-offer-price.ts";
export { findProviderAdvert } from "../rent/find-provider-advert.ts";
export {
  type RentQuote,
  type RentStep,
  type RentVmParameters,
  type RentVmReturnType,
  rentRunwayMarginSeconds,
  rentVm,
} from "../rent/rent-vm.ts";
export { type WaitForVmRunningParameters, waitForVmRunning } from "../rent/wait-for-vm.ts";

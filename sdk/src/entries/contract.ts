/**
 * `@vm-on-golem/sdk/contract`: the StreamPayment and GLM ABIs and viem-style actions over a
 * client (open, top up, withdraw, terminate, read streams and balances). Every failure is a
 * `GolemError`.
 *
 * @example
 * import { createStream, getStreamState } from "@vm-on-golem/sdk/contract";
 */
export { glmAbi } from "../abi/glm-abi.generated.ts";
export { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
export { streamPaymentNativeAbi } from "../abi/stream-payment-native-abi.generated.ts";
export {
  type CreateStreamParameters,
  type CreateStreamReturnType,
  createStream,
} from "../contract/create-stream.ts";
export {
  type CreateStreamWithDaiPermitParameters,
  type CreateStreamWithDaiPermitReturnType,
  createStreamWithDaiPermit,
} from "../contract/create-stream-with-dai-permit.ts";
export {
  type CreateStreamWithPermitParameters,
  type CreateStreamWithPermitReturnType,
  createStreamWithPermit,
} from "../contract/create-stream-with-permit.ts";
export {
  daiPermitTypehash,
  detectPermitFlavour,
  eip2612PermitTypehash,
  type PermitFlavour,
} from "../contract/detect-permit-flavour.ts";
export {
  type EnsureAllowanceParameters,
  type EnsureAllowanceReturnType,
  ensureAllowance,
} from "../contract/ensure-allowance.ts";
export { type GetGlmBalanceParameters, getGlmBalance } from "../contract/get-glm-balance.ts";
export {
  type GetStreamParameters,
  type GetStreamReturnType,
  getStream,
  type Stream,
} from "../contract/get-stream.ts";
export {
  type GetStreamStateParameters,
  type GetStreamStateReturnType,
  getStreamState,
} from "../contract/get-stream-state.ts";
export {
  type CreateNativeStreamParameters,
  createNativeStream,
  topUpNative,
} from "../contract/native-stream.ts";
export {
  type OpenStreamParameters,
  type OpenStreamReturnType,
  openStream,
} from "../contract/open-stream.ts";
export { type PaymentMethod, paymentMethod } from "../contract/payment-method.ts";
export {
  type ReadSenderFundingParameters,
  type ReadSenderFundingReturnType,
  readSenderFunding,
} from "../contract/read-sender-funding.ts";
export { readTokenAddress } from "../contract/read-token-address.ts";
export {
  type RequestGlmFromFaucetParameters,
  type RequestGlmFromFaucetReturnType,
  requestGlmFromFaucet,
} from "../contract/request-glm-from-faucet.ts";
export {
  type SetTopUpBudgetParameters,
  type SetTopUpBudgetReturnType,
  setTopUpBudget,
} from "../contract/set-top-up-budget.ts";
export {
  type SignDaiPermitParameters,
  type SignDaiPermitReturnType,
  signDaiPermit,
} from "../contract/sign-dai-permit.ts";
export {
  readPermitDomain,
  type SignPermitParameters,
  type SignPermitReturnType,
  signPermit,
} from "../contract/sign-permit.ts";
export {
  type TerminateParameters,
  type TerminateReturnType,
  terminate,
} from "../contract/terminate.ts";
export { terminatedAmounts } from "../contract/terminated-amounts.ts";
export { type TopUpParameters, type TopUpReturnType, topUp } from "../contract/top-up.ts";
export {
  type TopUpFromBudgetParameters,
  type TopUpFromBudgetReturnType,
  topUpFromBudget,
} from "../contract/top-up-from-budget.ts";
export type { SigningClient } from "../contract/wallet-client.ts";
export {
  type WithdrawParameters,
  type WithdrawReturnType,
  withdraw,
} from "../contract/withdraw.ts";
export {
  type WithdrawManyParameters,
  type WithdrawManyReturnType,
  withdrawMany,
} from "../contract/withdraw-many.ts";
export { withdrawnAmounts } from "../contract/withdrawn-amounts.ts";

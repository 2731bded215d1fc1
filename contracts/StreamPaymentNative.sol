// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {StreamPaymentCore} from "./StreamPaymentCore.sol";
import {IStreamPaymentCore} from "./interfaces/IStreamPaymentCore.sol";
import {IStreamPaymentNative} from "./interfaces/IStreamPaymentNative.sol";

/// @title StreamPaymentNative
/// @notice Pay-per-second streams in the chain's native coin (ETH): the accounting of {StreamPaymentCore}, funded
/// with `msg.value`. No owner, no admin, no path to funds other than withdraw, terminate and {withdrawCredit}.
/// @dev Payouts forward at most {PAYOUT_GAS}; one that fails is credited to the payee (pull payment), so a
/// recipient or sender contract that rejects ETH, or re-enters (the lock makes it revert), cannot block the
/// other party. The contract has no `receive`: ETH comes in only with a create or a top-up.
contract StreamPaymentNative is StreamPaymentCore, IStreamPaymentNative {
    /// @inheritdoc IStreamPaymentNative
    uint256 public constant PAYOUT_GAS = 30_000;

    /// @inheritdoc IStreamPaymentNative
    mapping(address account => uint256 amount) public creditOf;

    // ---- writes ----

    /// @inheritdoc IStreamPaymentNative
    function createStream(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        external
        payable
        nonReentrant
        returns (uint256 streamId)
    {
        if (msg.value != deposit) revert StreamPayment_ValueMismatch(msg.value, deposit);
        streamId = _create(recipient, deposit, ratePerSecond, serviceId, 0);
    }

    /// @inheritdoc IStreamPaymentNative
    function topUp(uint256 streamId, uint256 amount) external payable nonReentrant {
        if (msg.value != amount) revert StreamPayment_ValueMismatch(msg.value, amount);
        _topUp(_streams[streamId], streamId, amount, msg.sender);
    }

    /// @inheritdoc IStreamPaymentNative
    function withdrawCredit(address payable to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert StreamPayment_RecipientZeroAddress();
        amount = creditOf[msg.sender];
        if (amount == 0) revert StreamPayment_NoCredit(msg.sender);
        creditOf[msg.sender] = 0;
        emit CreditWithdrawn(msg.sender, to, amount);
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert StreamPayment_CreditTransferFailed(to, amount);
    }

    // ---- views ----

    /// @inheritdoc IStreamPaymentCore
    function token() external pure returns (address) {
        return address(0);
    }

    // ---- internals ----

    function _pay(address to, uint256 amount) internal override {
        bool ok;
        assembly ("memory-safe") {
            // No return data is copied: a payee cannot make the payout pay for a large return.
            ok := call(PAYOUT_GAS, to, amount, 0, 0, 0, 0)
        }
        if (!ok) {
            // The sum of all credits is at most the ETH this contract ever held: it cannot overflow.
            unchecked {
                creditOf[to] += amount;
            }
            emit PayoutCredited(to, amount);
        }
    }
}

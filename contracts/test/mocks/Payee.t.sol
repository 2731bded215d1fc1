// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @dev A contract account that can act (send any call with value) and receives ETH in one of four ways: accept,
/// reject (revert), re-enter (call `target` with `data` from `receive`, then accept if that call failed as it must,
/// or revert when `propagate`), or burn all the gas it is given. Used as a hostile recipient or sender of native
/// streams. (`.t.sol` so that Hardhat treats it as test-only code.)
contract Payee {
    enum Mode {
        Accept,
        Reject,
        Reenter,
        Burn
    }

    // Packed in one slot, so that `receive` stays well within the payout's gas stipend: one cold read, one write.
    Mode public mode;
    bool public propagate;
    /// @dev How many re-entries were attempted, and how many of them succeeded (must stay 0).
    uint32 public reentries;
    uint32 public reentriesSucceeded;
    /// @dev The selector the last re-entry reverted with.
    bytes4 public lastReentryError;
    address private target;
    bytes private data;

    function setMode(Mode mode_) external {
        mode = mode_;
    }

    function arm(address target_, bytes calldata data_, bool propagate_) external {
        mode = Mode.Reenter;
        target = target_;
        data = data_;
        propagate = propagate_;
    }

    function act(address to, uint256 value, bytes calldata callData) external payable returns (bytes memory) {
        (bool ok, bytes memory returned) = to.call{value: value}(callData);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
        return returned;
    }

    receive() external payable {
        if (mode == Mode.Accept) return;
        if (mode == Mode.Reject) revert("Payee: no ETH");
        if (mode == Mode.Burn) {
            while (true) {}
        }
        ++reentries;
        (bool ok, bytes memory returned) = target.call(data);
        if (ok) ++reentriesSucceeded;
        lastReentryError = bytes4(returned);
        if (propagate) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}

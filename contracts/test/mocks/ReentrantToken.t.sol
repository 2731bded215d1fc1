// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev A hostile ERC-20 without permit: once armed, every transfer calls `target` with `data` first and, when that
/// call reverts, reverts with its revert data. Used to prove that the StreamPayment writes cannot be re-entered.
/// (`.t.sol` so that Hardhat treats it as test-only code.)
contract ReentrantToken is ERC20 {
    address private target;
    bytes private data;

    constructor() ERC20("Reentrant", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (target != address(0)) {
            address callee = target;
            target = address(0);
            (bool ok, bytes memory returned) = callee.call(data);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(returned, 0x20), mload(returned))
                }
            }
        }
        super._update(from, to, value);
    }
}

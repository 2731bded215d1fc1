// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "forge-std/Test.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {TestGLM} from "../TestGLM.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";

/// @dev Shared setup: TestGLM, a StreamPayment paying in it, and three actors. Named `.t.sol` (like every file in
/// this folder) so that Hardhat builds it as a test file and emits no artifact for it.
abstract contract Base is Test {
    uint256 internal constant MAX_AMOUNT = type(uint88).max;
    uint256 internal constant MAX_RATE = type(uint64).max;
    uint256 internal constant DEPOSIT = 1000 ether;
    uint256 internal constant RATE = 1 ether; // per second: the deposit lasts 1000 s
    bytes32 internal constant SERVICE_ID = keccak256("offer");
    uint256 internal constant START = 1_700_000_000;

    TestGLM internal glm;
    StreamPayment internal sp;

    address internal alice; // sender (requestor)
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob"); // recipient (provider)
    address internal eve = makeAddr("eve"); // anyone else

    function setUp() public virtual {
        vm.warp(START);
        (alice, aliceKey) = makeAddrAndKey("alice");
        glm = new TestGLM();
        sp = new StreamPayment(address(glm));
        _fund(alice, 1_000_000 ether);
        _fund(eve, 1_000_000 ether);
    }

    /// @dev Gives `account` `amount` more tGLM (total supply is adjusted too).
    function _fund(address account, uint256 amount) internal {
        deal(address(glm), account, glm.balanceOf(account) + amount, true);
    }

    /// @dev Opens a stream from alice to bob after an exact approval.
    function _create(uint256 deposit, uint256 rate) internal returns (uint256 streamId) {
        vm.startPrank(alice);
        glm.approve(address(sp), deposit);
        streamId = sp.createStream(bob, deposit, rate, SERVICE_ID);
        vm.stopPrank();
    }

    function _create() internal returns (uint256) {
        return _create(DEPOSIT, RATE);
    }

    function _topUp(address funder, uint256 streamId, uint256 amount) internal {
        vm.startPrank(funder);
        glm.approve(address(sp), amount);
        sp.topUp(streamId, amount);
        vm.stopPrank();
    }

    function _stream(uint256 streamId) internal view returns (IStreamPaymentCore.Stream memory) {
        return sp.getStream(streamId);
    }

    /// @dev EIP-2612 permit signature by `key` for `spender` of `value`.
    function _signPermit(uint256 key, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        address owner = vm.addr(key);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                glm.nonces(owner),
                deadline
            )
        );
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", glm.DOMAIN_SEPARATOR(), structHash)));
    }
}

// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";

// Branches
// token, nextStreamId → the token; 1 + the number of streams
// getStream, withdrawableOf, refundableOf, depletionTimeOf, isActive
// └── stream id 0 or not yet created → StreamPayment_StreamNotFound (each view)
// getStream → the stored struct, settled at lastUpdate (not at now)
// withdrawableOf
// ├── closed → 0
// ├── funded → accrued + rate × elapsed
// └── dry → accrued + balance
// refundableOf
// ├── closed → 0
// ├── funded → balance − rate × elapsed
// └── dry → 0
// depletionTimeOf
// ├── closed → 0
// ├── balance a multiple of the rate → lastUpdate + balance / rate
// └── otherwise → rounded up
// isActive
// ├── closed → false
// ├── now < depletion time → true
// └── now >= depletion time → false
contract StreamPaymentViewsTest is Base {
    uint256 internal streamId;

    function setUp() public override {
        super.setUp();
        streamId = _create(); // 1000 tGLM at 1 tGLM/s from START
    }

    function test_TokenAndNextStreamId() public {
        assertEq(sp.token(), address(glm));
        assertEq(sp.nextStreamId(), 2);
        _create();
        assertEq(sp.nextStreamId(), 3);
    }

    function test_RevertWhen_StreamNotFound() public {
        for (uint256 id = 0; id <= 2; id += 2) {
            bytes memory notFound = abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, id);
            vm.expectRevert(notFound);
            sp.getStream(id);
            vm.expectRevert(notFound);
            sp.withdrawableOf(id);
            vm.expectRevert(notFound);
            sp.refundableOf(id);
            vm.expectRevert(notFound);
            sp.depletionTimeOf(id);
            vm.expectRevert(notFound);
            sp.isActive(id);
        }
    }

    function test_GetStream_IsSettledAtLastUpdate() public {
        vm.warp(START + 100);
        IStreamPaymentCore.Stream memory stream = sp.getStream(streamId);
        assertEq(stream.balance, DEPOSIT, "stored balance does not move with time");
        assertEq(stream.lastUpdate, START);
        assertEq(sp.withdrawableOf(streamId), 100 ether);
    }

    function test_WhileFunded() public {
        vm.warp(START + 999);
        assertEq(sp.withdrawableOf(streamId), 999 ether);
        assertEq(sp.refundableOf(streamId), 1 ether);
        assertEq(sp.depletionTimeOf(streamId), START + 1000);
        assertTrue(sp.isActive(streamId));
    }

    function test_AtDepletion() public {
        vm.warp(START + 1000);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT);
        assertEq(sp.refundableOf(streamId), 0);
        assertFalse(sp.isActive(streamId));
    }

    function test_WhenDry() public {
        vm.warp(START + 10_000);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT);
        assertEq(sp.refundableOf(streamId), 0);
        assertEq(sp.depletionTimeOf(streamId), START + 1000, "a past time");
        assertFalse(sp.isActive(streamId));
    }

    function test_DepletionTime_RoundsUp() public {
        uint256 odd = _create(10, 3); // 3 + 3 + 3 + 1: the last wei accrues in the 4th second
        assertEq(sp.depletionTimeOf(odd), START + 4);
        vm.warp(START + 3);
        assertTrue(sp.isActive(odd));
        assertEq(sp.refundableOf(odd), 1);
        vm.warp(START + 4);
        assertFalse(sp.isActive(odd));
        assertEq(sp.withdrawableOf(odd), 10);
    }

    function test_WhenClosed() public {
        vm.warp(START + 10);
        vm.prank(alice);
        sp.terminate(streamId);
        assertEq(sp.withdrawableOf(streamId), 0);
        assertEq(sp.refundableOf(streamId), 0);
        assertEq(sp.depletionTimeOf(streamId), 0);
        assertFalse(sp.isActive(streamId));
    }
}

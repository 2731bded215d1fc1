// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";

// Properties fuzzed over amounts, rates and times (vm.warp):
// - accrual: withdrawable = min(rate × elapsed, deposit), refundable = the rest,
//   depletion = start + ceil(deposit / rate), active exactly before depletion
// - withdraw then terminate: recipient gets min(rate × elapsed, deposit), sender the rest, nothing stays behind
// - top-up while funded: accrual continues as if the deposit had been larger from the start
// - top-up after running dry: the unfunded gap is never paid; accrual restarts at the top-up
// - createStream bounds: any deposit and rate either create a stream or revert with the right error
// - terminate by anyone but sender or recipient reverts and moves nothing
contract StreamPaymentFuzzTest is Base {
    uint256 internal constant MAX_ELAPSED = 25 * 365 days;

    /// @dev A deposit and a rate at which it runs dry within MAX_ELAPSED, so that every timestamp of a test stays
    /// below the uint32 `lastUpdate` limit (February 2106) even after three such spans from START (2023).
    function _boundStream(uint256 deposit, uint256 rate) internal returns (uint256, uint256) {
        deposit = bound(deposit, 1, MAX_AMOUNT);
        rate = bound(rate, (deposit + MAX_ELAPSED - 1) / MAX_ELAPSED, MAX_RATE);
        _fund(alice, deposit);
        return (deposit, rate);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    function testFuzz_Accrual(uint256 deposit, uint256 rate, uint256 elapsed) public {
        (deposit, rate) = _boundStream(deposit, rate);
        elapsed = bound(elapsed, 0, MAX_ELAPSED);
        uint256 id = _create(deposit, rate);
        vm.warp(START + elapsed);

        uint256 expected = _min(rate * elapsed, deposit);
        uint256 depletion = START + (deposit + rate - 1) / rate;
        assertEq(sp.withdrawableOf(id), expected, "withdrawable");
        assertEq(sp.refundableOf(id), deposit - expected, "refundable");
        assertEq(sp.depletionTimeOf(id), depletion, "depletion");
        assertEq(sp.isActive(id), block.timestamp < depletion, "active");
        assertEq(sp.isActive(id), expected < deposit, "active iff not all accrued");
    }

    function testFuzz_WithdrawThenTerminate(
        uint256 deposit,
        uint256 rate,
        uint256 t1,
        uint256 t2,
        address withdrawer,
        bool bySender
    ) public {
        (deposit, rate) = _boundStream(deposit, rate);
        t1 = bound(t1, 0, MAX_ELAPSED);
        t2 = bound(t2, 0, MAX_ELAPSED);
        vm.assume(withdrawer != bob && withdrawer != address(sp));
        uint256 id = _create(deposit, rate);
        uint256 aliceBefore = glm.balanceOf(alice);
        uint256 withdrawerBefore = glm.balanceOf(withdrawer);

        vm.warp(START + t1);
        vm.prank(withdrawer);
        uint256 withdrawn = sp.withdraw(id);
        assertEq(withdrawn, _min(rate * t1, deposit), "withdrawn");
        assertEq(glm.balanceOf(withdrawer), withdrawerBefore, "the caller gets nothing");

        vm.warp(START + t1 + t2);
        vm.prank(bySender ? alice : bob);
        (uint256 paid, uint256 refunded) = sp.terminate(id);
        uint256 earned = _min(rate * (t1 + t2), deposit);
        assertEq(withdrawn + paid, earned, "recipient total");
        assertEq(refunded, deposit - earned, "refund");
        assertEq(glm.balanceOf(bob), earned);
        assertEq(glm.balanceOf(alice), aliceBefore + refunded);
        assertEq(glm.balanceOf(address(sp)), 0, "nothing left behind");
    }

    function testFuzz_TopUpWhileFunded(uint256 deposit, uint256 rate, uint256 t, uint256 amount, uint256 t2)
        public
    {
        (deposit, rate) = _boundStream(bound(deposit, 1, MAX_AMOUNT - 1), rate);
        uint256 depletion = (deposit + rate - 1) / rate; // seconds after START
        t = bound(t, 0, depletion - 1); // still funded: rate × t < deposit
        amount = bound(amount, 1, MAX_AMOUNT - deposit);
        t2 = bound(t2, t, MAX_ELAPSED);
        uint256 id = _create(deposit, rate);

        vm.warp(START + t);
        _fund(alice, amount);
        _topUp(alice, id, amount);
        assertEq(sp.getStream(id).lastUpdate, START, "a funded stream is not re-settled");
        vm.warp(START + t2);
        assertEq(sp.withdrawableOf(id), _min(rate * t2, deposit + amount), "as if deposited at the start");
    }

    function testFuzz_TopUpAfterDry_NeverPaysTheGap(
        uint256 deposit,
        uint256 rate,
        uint256 gap,
        uint256 amount,
        uint256 afterTopUp
    ) public {
        (deposit, rate) = _boundStream(deposit, rate);
        gap = bound(gap, 0, MAX_ELAPSED);
        amount = bound(amount, 1, MAX_AMOUNT);
        afterTopUp = bound(afterTopUp, 0, MAX_ELAPSED);
        uint256 id = _create(deposit, rate);
        uint256 dryAt = sp.depletionTimeOf(id);

        uint256 toppedUpAt = dryAt + gap;
        vm.warp(toppedUpAt);
        _fund(alice, amount);
        _topUp(alice, id, amount);
        assertEq(sp.withdrawableOf(id), deposit, "exactly the first deposit; nothing for the gap");
        assertEq(sp.depletionTimeOf(id), toppedUpAt + (amount + rate - 1) / rate, "runway restarts at the top-up");

        vm.warp(toppedUpAt + afterTopUp);
        uint256 resumed = _min(rate * afterTopUp, amount);
        assertEq(sp.withdrawableOf(id), deposit + resumed, "accrual resumed at the top-up");
        assertEq(sp.withdraw(id), deposit + resumed);
        assertEq(sp.refundableOf(id), amount - resumed);
    }

    function testFuzz_CreateStreamBounds(uint256 deposit, uint256 rate) public {
        _fund(alice, _min(deposit, MAX_AMOUNT));
        vm.startPrank(alice);
        glm.approve(address(sp), deposit);
        if (rate == 0) {
            vm.expectRevert(IStreamPaymentCore.StreamPayment_RateZero.selector);
        } else if (rate > MAX_RATE) {
            vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_RateTooHigh.selector, rate));
        } else if (deposit == 0) {
            vm.expectRevert(IStreamPaymentCore.StreamPayment_DepositZero.selector);
        } else if (deposit > MAX_AMOUNT) {
            vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_AmountTooHigh.selector, deposit));
        }
        sp.createStream(bob, deposit, rate, SERVICE_ID);
        vm.stopPrank();
    }

    function testFuzz_RevertWhen_ThirdPartyTerminates(address caller, uint256 elapsed) public {
        vm.assume(caller != alice && caller != bob);
        uint256 id = _create();
        vm.warp(START + bound(elapsed, 0, MAX_ELAPSED));
        uint256 balanceBefore = glm.balanceOf(address(sp));
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_Unauthorized.selector, id, caller));
        sp.terminate(id);
        assertEq(glm.balanceOf(address(sp)), balanceBefore);
    }
}

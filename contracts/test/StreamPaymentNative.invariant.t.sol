// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {Test} from "forge-std/Test.sol";
import {StreamPaymentNative} from "../StreamPaymentNative.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Payee} from "./mocks/Payee.t.sol";

// Invariants of the native deployment, with hostile actors among the senders and recipients (a contract that rejects
// ETH, one that re-enters on receiving and swallows the failure, one that re-enters and reverts):
// 1. the contract's ETH == Σ over open streams of (balance + accrued) + Σ credits
// 2. per stream: paid out to the recipient (sent or credited) + refunded (sent or credited) + balance + accrued ==
//    deposited
// 3. what a stream has earned its recipient never decreases and never exceeds its deposits
// 4. every payout reaches its payee, in ETH or as its credit: nobody else gains, nothing is lost; no re-entry succeeds
// 5. a credit is paid out once: withdrawCredit moves exactly the credit and zeroes it
contract StreamPaymentNativeInvariantTest is StdInvariant, Test {
    StreamPaymentNative internal sp;
    NativeHandler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        sp = new StreamPaymentNative();
        handler = new NativeHandler(sp);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = handler.createStream.selector;
        selectors[1] = handler.topUp.selector;
        selectors[2] = handler.withdraw.selector;
        selectors[3] = handler.withdrawMany.selector;
        selectors[4] = handler.terminate.selector;
        selectors[5] = handler.withdrawCredit.selector;
        selectors[6] = handler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function invariant_StreamPaymentNative() public view {
        assertFalse(handler.accruedDecreased(), "(3) what a stream earned decreased");
        assertFalse(handler.accruedExceedsDeposits(), "(3) what a stream earned exceeds its deposits");
        assertFalse(handler.fundsMisdirected(), "(4) a payout did not reach its payee as ETH or credit");
        assertFalse(handler.creditMispaid(), "(5) withdrawCredit paid other than the credit");
        assertEq(handler.reentriesSucceeded(), 0, "(4) a re-entry succeeded");

        uint256 count = handler.streamCount();
        assertEq(sp.nextStreamId(), count + 1);
        uint256 held;
        for (uint256 streamId = 1; streamId <= count; ++streamId) {
            IStreamPaymentCore.Stream memory stream = sp.getStream(streamId);
            (uint256 deposited, uint256 paidOut, uint256 refunded) = handler.ghost(streamId);
            assertEq(paidOut + refunded + stream.balance + stream.accrued, deposited, "(2) ledger");
            if (!stream.closed) held += uint256(stream.balance) + stream.accrued;
        }
        assertEq(address(sp).balance, held + handler.totalCredits(), "(1) ETH != open streams + credits");
    }
}

/// @dev Drives StreamPaymentNative through random create / top-up / withdraw / withdrawMany / terminate /
/// withdrawCredit / time sequences among two EOAs and three hostile contracts, keeping ghost totals.
contract NativeHandler is CommonBase, StdCheats, StdUtils {
    uint256 private constant MAX_STREAMS = 8;
    uint256 private constant MAX_DEPOSIT = 1e27;
    uint256 private constant MAX_DURATION = 30 days;
    uint256 private constant MAX_WARP = 5 days;

    StreamPaymentNative public immutable sp;
    address[] private actors;
    Payee[] private payees;

    uint256 public currentTime;
    uint256[] public streamIds;
    mapping(uint256 streamId => uint256 amount) public deposited;
    mapping(uint256 streamId => uint256 amount) public paidOut;
    mapping(uint256 streamId => uint256 amount) public refunded;
    mapping(uint256 streamId => uint256 amount) private lastEarned;

    bool public accruedDecreased;
    bool public accruedExceedsDeposits;
    bool public fundsMisdirected;
    bool public creditMispaid;

    constructor(StreamPaymentNative sp_) {
        sp = sp_;
        actors.push(makeAddr("eoa0"));
        actors.push(makeAddr("eoa1"));
        Payee rejecting = new Payee();
        rejecting.setMode(Payee.Mode.Reject);
        Payee swallowing = new Payee();
        swallowing.arm(address(sp_), abi.encodeCall(sp_.withdrawMany, (new uint256[](0))), false);
        Payee propagating = new Payee();
        propagating.arm(address(sp_), abi.encodeCall(sp_.withdrawMany, (new uint256[](0))), true);
        payees.push(rejecting);
        payees.push(swallowing);
        payees.push(propagating);
        for (uint256 i = 0; i < payees.length; ++i) {
            actors.push(address(payees[i]));
        }
        currentTime = block.timestamp;
    }

    modifier step() {
        vm.warp(currentTime);
        _;
        _checkAccruals();
    }

    function streamCount() external view returns (uint256) {
        return streamIds.length;
    }

    function ghost(uint256 streamId) external view returns (uint256, uint256, uint256) {
        return (deposited[streamId], paidOut[streamId], refunded[streamId]);
    }

    function totalCredits() public view returns (uint256 total) {
        for (uint256 i = 0; i < actors.length; ++i) {
            total += sp.creditOf(actors[i]);
        }
    }

    function reentriesSucceeded() external view returns (uint256 total) {
        for (uint256 i = 0; i < payees.length; ++i) {
            total += payees[i].reentriesSucceeded();
        }
    }

    // ---- actions ----

    function createStream(uint256 senderSeed, uint256 recipientSeed, uint256 deposit, uint256 duration)
        external
        step
    {
        if (streamIds.length >= MAX_STREAMS) return;
        address sender = _actor(senderSeed);
        address recipient = _actor(recipientSeed);
        if (recipient == sender) recipient = _actor(recipientSeed + 1);
        deposit = _bound(deposit, 1, MAX_DEPOSIT);
        uint256 rate = deposit / _bound(duration, 1, MAX_DURATION);
        if (rate == 0) rate = 1;
        vm.deal(sender, sender.balance + deposit);
        vm.prank(sender);
        uint256 streamId =
            sp.createStream{value: deposit}(recipient, deposit, rate, keccak256(abi.encode(streamIds.length)));
        streamIds.push(streamId);
        deposited[streamId] = deposit;
    }

    function topUp(uint256 streamSeed, uint256 funderSeed, uint256 amount) external step {
        (bool found, uint256 streamId) = _stream(streamSeed);
        if (!found) return;
        IStreamPaymentCore.Stream memory stream = sp.getStream(streamId);
        if (stream.closed) return;
        amount = _bound(amount, 1, MAX_DEPOSIT);
        if (stream.balance + stream.accrued + amount > type(uint88).max) return;
        address funder = _actor(funderSeed);
        vm.deal(funder, funder.balance + amount);
        vm.prank(funder);
        sp.topUp{value: amount}(streamId, amount);
        deposited[streamId] += amount;
    }

    function withdraw(uint256 streamSeed, uint256 callerSeed) external step {
        (bool found, uint256 streamId) = _stream(streamSeed);
        if (!found) return;
        address recipient = sp.getStream(streamId).recipient;
        uint256 before = _worth(recipient);
        uint256 others = _worthOfAllBut(recipient);
        vm.prank(_actor(callerSeed));
        uint256 amount = sp.withdraw(streamId);
        paidOut[streamId] += amount;
        if (_worth(recipient) != before + amount || _worthOfAllBut(recipient) != others) fundsMisdirected = true;
    }

    function withdrawMany(uint256 seedA, uint256 seedB, uint256 callerSeed) external step {
        if (streamIds.length == 0) return;
        uint256[] memory ids = new uint256[](2);
        (, ids[0]) = _stream(seedA);
        (, ids[1]) = _stream(seedB);
        uint256 worthBefore = _worthOfAllBut(address(0));
        uint256 expected = sp.withdrawableOf(ids[0]);
        paidOut[ids[0]] += expected;
        if (ids[1] != ids[0]) {
            uint256 due = sp.withdrawableOf(ids[1]);
            paidOut[ids[1]] += due;
            expected += due;
        }
        vm.prank(_actor(callerSeed));
        uint256 total = sp.withdrawMany(ids);
        if (total != expected || _worthOfAllBut(address(0)) != worthBefore + expected) fundsMisdirected = true;
    }

    function terminate(uint256 streamSeed, bool bySender) external step {
        (bool found, uint256 streamId) = _stream(streamSeed);
        if (!found) return;
        IStreamPaymentCore.Stream memory stream = sp.getStream(streamId);
        if (stream.closed) return;
        uint256 recipientBefore = _worth(stream.recipient);
        uint256 senderBefore = _worth(stream.sender);
        vm.prank(bySender ? stream.sender : stream.recipient);
        (uint256 paid, uint256 refund) = sp.terminate(streamId);
        paidOut[streamId] += paid;
        refunded[streamId] += refund;
        if (_worth(stream.recipient) != recipientBefore + paid) fundsMisdirected = true;
        if (_worth(stream.sender) != senderBefore + refund) fundsMisdirected = true;
    }

    /// @dev An actor with a credit pulls it to an EOA (a rejecting contract cannot take ETH itself).
    function withdrawCredit(uint256 actorSeed, uint256 toSeed) external step {
        address account = _actor(actorSeed);
        uint256 credit = sp.creditOf(account);
        if (credit == 0) return;
        address to = actors[toSeed % 2]; // an EOA
        uint256 toBefore = to.balance;
        vm.prank(account);
        uint256 amount = sp.withdrawCredit(payable(to));
        if (amount != credit || sp.creditOf(account) != 0 || to.balance != toBefore + credit) creditMispaid = true;
    }

    function warp(uint256 seconds_) external step {
        currentTime += _bound(seconds_, 0, MAX_WARP);
    }

    // ---- helpers ----

    /// @dev What `account` holds: its ETH plus its credit in the contract.
    function _worth(address account) private view returns (uint256) {
        return account.balance + sp.creditOf(account);
    }

    /// @dev Σ worth of every actor but `except`.
    function _worthOfAllBut(address except) private view returns (uint256 total) {
        for (uint256 i = 0; i < actors.length; ++i) {
            if (actors[i] != except) total += _worth(actors[i]);
        }
    }

    function _checkAccruals() private {
        for (uint256 i = 0; i < streamIds.length; ++i) {
            uint256 streamId = streamIds[i];
            uint256 earned = paidOut[streamId] + sp.withdrawableOf(streamId);
            if (earned < lastEarned[streamId]) accruedDecreased = true;
            if (earned > deposited[streamId]) accruedExceedsDeposits = true;
            lastEarned[streamId] = earned;
        }
    }

    function _stream(uint256 seed) private view returns (bool, uint256) {
        if (streamIds.length == 0) return (false, 0);
        return (true, streamIds[seed % streamIds.length]);
    }

    function _actor(uint256 seed) private view returns (address) {
        return actors[seed % actors.length];
    }
}

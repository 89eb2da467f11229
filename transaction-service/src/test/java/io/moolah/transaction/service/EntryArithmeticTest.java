package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.model.EntryType;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.LedgerAccount.Kind;
import io.moolah.transaction.repository.JournalWriter.PostingRow;
import io.moolah.transaction.service.LedgerService.Entry;
import io.moolah.transaction.service.LedgerService.Leg;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The posting arithmetic as a function: balances, held money, send totals and versions, and what it refuses. */
class EntryArithmeticTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 6);
    private static final UUID CUSTOMER = UUID.fromString("00000000-0000-4000-8000-000000000001");

    private static LedgerAccount wallet(long id, long balance, long held, LocalDate sentDay, long sentToday, long sentThisMonth) {
        return new LedgerAccount(id, Kind.WALLET, UUID.randomUUID(), "ZAR", balance, held, 0, sentDay, sentToday,
                sentDay == null ? null : sentDay.withDayOfMonth(1), sentThisMonth, 7);
    }

    private static LedgerAccount system(long id, long balance) {
        return new LedgerAccount(id, Kind.TREASURY_SUSPENSE, null, "ZAR", balance, 0, 0, null, 0, null, 0, 3);
    }

    private static Map<Long, LedgerAccount> locked(LedgerAccount... accounts) {
        Map<Long, LedgerAccount> map = new LinkedHashMap<>();
        for (LedgerAccount account : accounts) {
            map.put(account.id(), account);
        }
        return map;
    }

    @Test
    void aTransferMovesTheAmountAndCountsTowardTheSendersTotalsOnly() {
        var applied = EntryArithmetic.apply(Entry.transfer("ZAR", 1, 2, 2_500, "rent", CUSTOMER),
                locked(wallet(1, 10_000, 0, TODAY, 1_000, 4_000), wallet(2, 500, 0, null, 0, 0)), TODAY);
        LedgerAccount sender = applied.after().get(1L);
        LedgerAccount receiver = applied.after().get(2L);
        assertEquals(2_500, applied.amount());
        assertEquals(7_500, sender.balance());
        assertEquals(3_500, sender.sentOn(TODAY));
        assertEquals(6_500, sender.sentInMonthOf(TODAY));
        assertEquals(8, sender.version());
        assertEquals(3_000, receiver.balance());
        assertEquals(0, receiver.sentOn(TODAY), "receiving is not sending");
        assertEquals(8, receiver.version());
        assertEquals(List.of(new PostingRow(1, -2_500, 7_500, 8), new PostingRow(2, 2_500, 3_000, 8)), applied.postings());
        assertEquals(2, applied.changed().size());
    }

    @Test
    void sendTotalsStartAgainOnANewDayAndANewMonth() {
        LocalDate yesterday = TODAY.minusDays(1);
        var sameMonth = EntryArithmetic.apply(Entry.transfer("ZAR", 1, 2, 100, null, CUSTOMER),
                locked(wallet(1, 10_000, 0, yesterday, 9_000, 9_500), wallet(2, 0, 0, null, 0, 0)), TODAY).after().get(1L);
        assertEquals(100, sameMonth.sentOn(TODAY));
        assertEquals(9_600, sameMonth.sentInMonthOf(TODAY));
        LocalDate lastMonth = LocalDate.of(2026, 11, 30);
        var newMonth = EntryArithmetic.apply(Entry.transfer("ZAR", 1, 2, 100, null, CUSTOMER),
                locked(wallet(1, 10_000, 0, lastMonth, 9_000, 9_500), wallet(2, 0, 0, null, 0, 0)), TODAY).after().get(1L);
        assertEquals(100, newMonth.sentOn(TODAY));
        assertEquals(100, newMonth.sentInMonthOf(TODAY));
    }

    @Test
    void aCaptureReleasesTheWholeHoldAndCountsTheCapturedPartAsSent() {
        // 800 of a 1,000 hold captured: the wallet pays 800 and no longer holds anything.
        var applied = EntryArithmetic.apply(Entry.holdCapture("ZAR", 1, 9, 800, 1_000, "qr:1", "hold:1", CUSTOMER),
                locked(wallet(1, 5_000, 1_000, TODAY, 0, 0), system(9, 0)), TODAY);
        LedgerAccount payer = applied.after().get(1L);
        assertEquals(4_200, payer.balance());
        assertEquals(0, payer.held());
        assertEquals(800, payer.sentOn(TODAY));
        assertEquals(800, applied.after().get(9L).balance());
    }

    @Test
    void aWalletCannotGoBelowItsAvailableBalanceButASystemAccountMay() {
        ProblemException refused = assertThrows(ProblemException.class, () -> EntryArithmetic.apply(
                Entry.transfer("ZAR", 1, 2, 4_001, null, CUSTOMER),
                locked(wallet(1, 5_000, 1_000, null, 0, 0), wallet(2, 0, 0, null, 0, 0)), TODAY));
        assertEquals("INSUFFICIENT_FUNDS", refused.code());
        // Exactly the available balance is fine.
        assertEquals(1_000, EntryArithmetic.apply(Entry.transfer("ZAR", 1, 2, 4_000, null, CUSTOMER),
                locked(wallet(1, 5_000, 1_000, null, 0, 0), wallet(2, 0, 0, null, 0, 0)), TODAY).after().get(1L).balance());
        // An adjustment takes suspense negative: system accounts carry the other side of every correction.
        var adjusted = EntryArithmetic.apply(Entry.adjustment("ZAR", 1, 9, 300, "goodwill", CUSTOMER),
                locked(wallet(1, 0, 0, null, 0, 0), system(9, 0)), TODAY);
        assertEquals(-300, adjusted.after().get(9L).balance());
        assertEquals(300, adjusted.after().get(1L).balance());
        assertEquals(0, adjusted.after().get(1L).sentOn(TODAY));
    }

    @Test
    void entriesThatCannotBePostedAreRefusedBeforeAnyArithmetic() {
        Map<Long, LedgerAccount> accounts = locked(wallet(1, 5_000, 0, null, 0, 0), wallet(2, 0, 0, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> EntryArithmetic.apply(new Entry(EntryType.TRANSFER, "ZAR",
                List.of(new Leg(1, -100), new Leg(2, 99)), null, null, null, CUSTOMER, 1L, null), accounts, TODAY), "unbalanced");
        assertThrows(IllegalArgumentException.class, () -> EntryArithmetic.apply(new Entry(EntryType.TRANSFER, "ZAR",
                List.of(new Leg(1, 0), new Leg(2, 0)), null, null, null, CUSTOMER, 1L, null), accounts, TODAY), "moves nothing");
        assertThrows(IllegalStateException.class, () -> EntryArithmetic.apply(Entry.transfer("ZAR", 1, 3, 100, null, CUSTOMER),
                accounts, TODAY), "account 3 is not locked");
        assertThrows(ArithmeticException.class, () -> EntryArithmetic.apply(new Entry(EntryType.ADJUSTMENT, "ZAR",
                List.of(new Leg(1, Long.MAX_VALUE), new Leg(2, Long.MAX_VALUE), new Leg(2, 2)), null, null, null, CUSTOMER, null, null),
                accounts, TODAY), "sums that overflow");
        ProblemException currency = assertThrows(ProblemException.class, () -> EntryArithmetic.apply(
                Entry.transfer("USD", 1, 2, 100, null, CUSTOMER), accounts, TODAY));
        assertEquals("CURRENCY_MISMATCH", currency.code());
    }

    @Test
    void theLockedAccountsAreNotChanged() {
        LedgerAccount before = wallet(1, 5_000, 0, null, 0, 0);
        Map<Long, LedgerAccount> accounts = locked(before, wallet(2, 0, 0, null, 0, 0));
        EntryArithmetic.apply(Entry.transfer("ZAR", 1, 2, 100, null, CUSTOMER), accounts, TODAY);
        assertSame(before, accounts.get(1L));
    }
}

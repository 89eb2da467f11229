// The customer web wallet: one page over the public API (/api/v1), no framework, no build step.
// Screens are sections shown by the location's hash (#home, #send, #topup, #qr); signed out, only #welcome.
// Tokens live in this tab's sessionStorage; a 401 TOKEN_EXPIRED is refreshed once and the call made again.
'use strict';

(() => {
  const SCREENS = ['welcome', 'home', 'send', 'topup', 'qr'];
  const store = window.sessionStorage;
  const $ = window.MoolahPages.$;

  // What a customer reads for each problem code; anything else shows the problem's own detail.
  const MESSAGES = {
    INVALID_CREDENTIALS: 'That phone number and PIN do not match.',
    TOO_MANY_ATTEMPTS: 'Too many tries. Wait a few minutes, then try again.',
    PHONE_NUMBER_TAKEN: 'That phone number already has a wallet. Sign in instead.',
    UNSUPPORTED_PHONE_NUMBER: 'Use a South African mobile number, like +27 82 123 4567.',
    WEAK_PIN: 'That PIN is too easy to guess. Avoid repeated or consecutive digits.',
    INSUFFICIENT_FUNDS: 'Not enough money available for this.',
    DAILY_LIMIT_EXCEEDED: 'This would go over your daily limit.',
    MONTHLY_LIMIT_EXCEEDED: 'This would go over your monthly limit.',
    RECIPIENT_NOT_FOUND: 'Nobody has a wallet with that phone number.',
    WALLET_NOT_FOUND: 'That wallet does not exist.',
    RECIPIENT_WALLET_NOT_ACTIVE: 'The recipient\'s wallet cannot receive money right now.',
    RECIPIENT_BALANCE_LIMIT: 'The recipient\'s wallet cannot hold that much.',
    SELF_TRANSFER: 'You cannot send money to your own wallet.',
    WALLET_NOT_ACTIVE: 'Your wallet is frozen, so no money can leave it. Contact support.',
    CURRENCY_MISMATCH: 'The wallets hold different currencies.',
    UNSUPPORTED_CURRENCY: 'That currency is not supported.',
    QR_CODE_INVALID: 'That is not a code we can pay.',
    QR_AMOUNT_MISMATCH: 'The code asks for a different amount.',
    QR_CURRENCY_MISMATCH: 'The code is for a different currency.',
    PROVIDER_UNAVAILABLE: 'The payment provider is not answering. Try again in a minute.',
    REQUEST_IN_PROGRESS: 'That is still being processed. Wait a moment.',
    RATE_LIMITED: 'Too many requests. Wait a moment, then try again.',
    LEDGER_BUSY: 'We are busy. Try again in a moment: you will not be charged twice.',
    LEDGER_UNAVAILABLE: 'Your balance cannot be read right now. Try again shortly.',
    SESSION_EXPIRED: 'Your session has ended. Sign in again.',
    REFRESH_TOKEN_INVALID: 'Your session has ended. Sign in again.',
    REFRESH_TOKEN_REUSED: 'Your session was ended for safety. Sign in again.',
    TOKEN_REVOKED: 'Your session has ended. Sign in again.',
  };

  const { rand, cents, newKey, say, tell, request, parse: safeJson } = window.MoolahPages;
  const problemText = (problem) => window.MoolahPages.problemText(problem, MESSAGES);

  // ---- session ---------------------------------------------------------------------------------------------------
  const session = {
    get access() { return store.getItem('moolah.access'); },
    get refresh() { return store.getItem('moolah.refresh'); },
    get walletId() { return store.getItem('moolah.wallet'); },
    save(tokens) {
      store.setItem('moolah.access', tokens.accessToken);
      if (tokens.refreshToken) {
        store.setItem('moolah.refresh', tokens.refreshToken);
      }
    },
    wallet(id) { store.setItem('moolah.wallet', id); },
    clear() {
      ['moolah.access', 'moolah.refresh', 'moolah.wallet', 'moolah.version', 'moolah.topup'].forEach((k) => store.removeItem(k));
    },
  };

  // ---- the API ---------------------------------------------------------------------------------------------------
  let refreshing = null;

  async function call(method, path, { body, key, headers = {}, auth = true, retried = false } = {}) {
    try {
      return await request(method, path, { body, key, headers, token: auth ? session.access : null });
    } catch (problem) {
      const code = problem.body && problem.body.code;
      if (problem.status === 401 && auth && !retried && code === 'TOKEN_EXPIRED' && session.refresh) {
        await refreshSession();
        return call(method, path, { body, key, headers, auth, retried: true });
      }
      if (problem.status === 401 && auth) {
        endSession(problem.body);
      }
      throw problem;
    }
  }

  async function refreshSession() {
    if (!refreshing) {
      refreshing = call('POST', '/auth/refresh', { body: { refreshToken: session.refresh }, auth: false })
        .then((reply) => session.save(reply.data))
        .catch((problem) => {
          endSession(problem.body);
          throw problem;
        })
        .finally(() => { refreshing = null; });
    }
    return refreshing;
  }

  function endSession(problem) {
    session.clear();
    show('welcome');
    say(problem && MESSAGES[problem.code] ? MESSAGES[problem.code] : 'Your session has ended. Sign in again.');
  }

  // ---- screens ---------------------------------------------------------------------------------------------------
  function show(screen) {
    const signedIn = Boolean(session.access);
    const target = signedIn ? (screen === 'welcome' ? 'home' : screen) : 'welcome';
    SCREENS.forEach((name) => { $(name).hidden = name !== target; });
    $('sign-out').hidden = !signedIn;
    const heading = $(target).querySelector('h2:not(.visually-hidden)') || $(target).querySelector('h2');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
    }
    if (target === 'home') {
      loadHome();
    }
    if (target === 'send') {
      resetSend();
    }
    return target;
  }

  // Moves to a screen and shows a note there (a hash change clears the last screen's messages first).
  let noteAfterMove = null;
  function go(screen, note) {
    if (location.hash === `#${screen}`) {
      show(screen);
      note();
      return;
    }
    noteAfterMove = note;
    location.hash = `#${screen}`;
  }

  function route() {
    const screen = (location.hash || '#home').slice(1);
    show(SCREENS.includes(screen) ? screen : 'home');
  }

  // Disables a button while its work runs, so a double click cannot start it twice.
  async function busy(button, work) {
    if (button.disabled) {
      return undefined;
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      return await work();
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  // ---- sign in and out -------------------------------------------------------------------------------------------
  async function signIn(phoneNumber, pin) {
    const reply = await call('POST', '/auth/login', { body: { phoneNumber, pin }, auth: false });
    session.save(reply.data);
    const me = await call('GET', '/me');
    const wallet = (me.data.wallets || []).find((w) => w.currency === 'ZAR') || (me.data.wallets || [])[0];
    if (wallet) {
      session.wallet(wallet.walletId);
    }
    store.setItem('moolah.name', me.data.fullName || '');
  }

  async function onSignIn(event) {
    event.preventDefault();
    say('');
    const phone = $('sign-in-phone').value.trim();
    const pin = $('sign-in-pin').value.trim();
    if (!phone || !/^\d{5}$/.test(pin)) {
      say('Enter your phone number and your 5-digit PIN.');
      return;
    }
    await busy($('sign-in'), async () => {
      try {
        await signIn(phone, pin);
        $('sign-in-pin').value = '';
        go('home', () => {});
      } catch (problem) {
        say(problemText(problem.body));
      }
    });
  }

  async function onRegister(event) {
    event.preventDefault();
    say('');
    const fullName = $('register-name').value.trim();
    const phoneNumber = $('register-phone').value.trim();
    const pin = $('register-pin').value.trim();
    if (!fullName || !phoneNumber || !/^\d{5}$/.test(pin)) {
      say('Enter your name, your phone number and a 5-digit PIN.');
      return;
    }
    await busy($('register'), async () => {
      try {
        await call('POST', '/auth/register', { body: { phoneNumber, fullName, pin }, auth: false });
        await signIn(phoneNumber, pin);
        $('register-pin').value = '';
        go('home', () => tell('Welcome! Your wallet is ready.'));
      } catch (problem) {
        say(problemText(problem.body));
      }
    });
  }

  async function onSignOut() {
    const refreshToken = session.refresh;
    try {
      if (refreshToken) {
        await call('POST', '/auth/logout', { body: { refreshToken } });
      }
    } catch (ignored) {
      // Signing out locally is what matters; the session expires on its own.
    }
    session.clear();
    go('welcome', () => tell('You are signed out.'));
  }

  // ---- home: balance and history -------------------------------------------------------------------------------
  let nextCursor = null;

  const versionHeader = () => {
    const version = store.getItem('moolah.version');
    return version ? { 'Min-Version': version } : {};
  };

  let lastBalance = null;
  // A payment settled by an event (a top-up's credit, a QR payment's hold) reaches the balance a moment after the
  // payment says so: the next home screen reads again until the balance shows it (at most 10 s).
  let balanceShows = null;

  async function loadHome() {
    const walletId = session.walletId;
    if (!walletId) {
      return;
    }
    $('owner').textContent = store.getItem('moolah.name') || '';
    try {
      let balance = await readBalance(walletId);
      const until = balanceShows;
      balanceShows = null;
      for (let i = 0; until && !until(balance.data) && i < 20; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        balance = await readBalance(walletId);
      }
      lastBalance = balance.data;
      $('available').textContent = rand(balance.data.availableBalance);
      $('ledger-balance').textContent = rand(balance.data.ledgerBalance);
      $('held').textContent = rand(balance.data.heldAmount);
      $('history').replaceChildren();
      nextCursor = null;
      await loadHistory();
    } catch (problem) {
      if (problem.status !== 401) {
        say(problemText(problem.body));
      }
    }
  }

  // A wallet just registered is opened by the ledger a moment later (it learns of it from an event): wait for it.
  async function readBalance(walletId) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call('GET', `/wallets/${encodeURIComponent(walletId)}/balance`, { headers: versionHeader() });
      } catch (problem) {
        const opening = problem.body && problem.body.code === 'WALLET_NOT_FOUND' && attempt < 20;
        if (!opening) {
          throw problem;
        }
        $('available').textContent = 'Opening your wallet…';
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  async function loadHistory() {
    const walletId = session.walletId;
    const query = nextCursor ? `?limit=20&cursor=${encodeURIComponent(nextCursor)}` : '';
    const page = await call('GET', `/wallets/${encodeURIComponent(walletId)}/transactions${query}`,
      { headers: nextCursor ? {} : versionHeader() });
    const list = $('history');
    for (const item of page.data.items || []) {
      list.appendChild(historyItem(item));
    }
    nextCursor = page.data.nextCursor || null;
    $('more').hidden = !nextCursor;
    $('history-empty').hidden = list.children.length > 0;
  }

  const TYPES = {
    TRANSFER: 'Transfer', TOP_UP: 'Top-up', TOPUP: 'Top-up', QR_PAYMENT: 'QR payment', ADJUSTMENT: 'Adjustment',
    REVERSAL: 'Reversal', HOLD_CAPTURE: 'Payment', REFUND: 'Refund',
  };

  // Payments' postings carry the payment service's references (qr:<id>, top-up <id>): name what they were instead.
  function describe(item) {
    const reference = item.reference || '';
    if (reference.startsWith('qr:')) {
      return 'QR payment';
    }
    if (reference.startsWith('refund:')) {
      return 'Refund';
    }
    if (/^top-?up\b/i.test(reference)) {
      return 'Card top-up';
    }
    return reference || TYPES[item.type] || item.type || 'Transaction';
  }

  function historyItem(item) {
    const row = document.createElement('li');
    row.className = item.direction === 'CREDIT' ? 'credit' : 'debit';
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = describe(item);
    const when = document.createElement('span');
    when.className = 'when';
    when.textContent = item.createdAt ? new Date(item.createdAt).toLocaleString('en-ZA') : '';
    const amount = document.createElement('span');
    amount.className = 'money';
    amount.textContent = (item.direction === 'CREDIT' ? '+' : '-') + rand(item.amount);
    row.append(what, amount, when);
    return row;
  }

  // ---- send: details, confirmation, one key per attempt -------------------------------------------------------
  let pendingSend = null;

  function resetSend() {
    pendingSend = null;
    $('send-form').hidden = false;
    $('send-confirm').hidden = true;
  }

  function onSendReview(event) {
    event.preventDefault();
    say('');
    const recipient = $('recipient').value.trim();
    const amount = cents($('send-amount').value);
    if (!recipient) {
      say('Enter the phone number or wallet id to send to.');
      return;
    }
    if (amount === null) {
      say('Enter an amount in rand, like 25.00.');
      return;
    }
    const toWallet = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(recipient);
    const body = { fromWalletId: session.walletId, amount, currency: 'ZAR',
      reference: $('send-reference').value.trim() || 'Sent from the web wallet' };
    body[toWallet ? 'toWalletId' : 'toPhoneNumber'] = recipient;
    // The key is made once for this attempt: every click of "Send now" for it sends the same key.
    pendingSend = { body, key: newKey() };
    $('send-summary').textContent = `Send ${rand(amount)} to ${recipient}?`;
    $('send-form').hidden = true;
    $('send-confirm').hidden = false;
    $('send-now').focus();
  }

  async function onSendNow() {
    if (!pendingSend) {
      return;
    }
    const attempt = pendingSend;
    await busy($('send-now'), async () => {
      try {
        const reply = await call('POST', '/transfers', { body: attempt.body, key: attempt.key });
        if (reply.data && reply.data.version !== undefined) {
          store.setItem('moolah.version', String(reply.data.version));
        }
        $('send-form').reset();
        pendingSend = null;
        go('home', () => tell(`Sent ${rand(attempt.body.amount)}.`));
      } catch (problem) {
        say(problemText(problem.body));
        if (problem.status >= 400 && problem.status < 500 && problem.body && problem.body.code !== 'REQUEST_IN_PROGRESS') {
          resetSend();
        }
      }
    });
  }

  // ---- top up at Peach's hosted checkout ---------------------------------------------------------------------
  async function onTopUp(event) {
    event.preventDefault();
    say('');
    const amount = cents($('topup-amount').value);
    if (amount === null) {
      say('Enter an amount in rand, like 100.00.');
      return;
    }
    await busy($('topup-pay'), async () => {
      try {
        const reply = await call('POST', '/topups',
          { body: { walletId: session.walletId, amount, currency: 'ZAR', provider: 'PEACH' }, key: newKey() });
        store.setItem('moolah.topup', JSON.stringify({ paymentId: reply.data.paymentId, amount,
          ledgerBefore: lastBalance ? lastBalance.ledgerBalance : null }));
        location.assign(reply.data.redirectUrl);
      } catch (problem) {
        say(problemText(problem.body));
      }
    });
  }

  // Back from Peach (?id=...&resourcePath=...): the money counts once Peach's notification has landed.
  async function afterCheckout() {
    const params = new URLSearchParams(location.search);
    const saved = safeJson(store.getItem('moolah.topup') || 'null');
    if (!params.has('resourcePath') && !params.has('id')) {
      return;
    }
    history.replaceState(null, '', location.pathname + '#topup');
    if (!saved || !session.access) {
      return;
    }
    show('topup');
    $('topup-form').hidden = true;
    const status = $('topup-status');
    status.hidden = false;
    status.textContent = 'Waiting for Peach Payments to confirm your payment…';
    const outcome = await waitForPayment(saved.paymentId, 60);
    store.removeItem('moolah.topup');
    $('topup-form').hidden = false;
    status.hidden = true;
    if (outcome === 'SUCCEEDED') {
      if (saved.ledgerBefore !== null && saved.ledgerBefore !== undefined) {
        balanceShows = (balance) => balance.ledgerBalance >= saved.ledgerBefore + saved.amount;
      }
      go('home', () => tell(`Top-up of ${rand(saved.amount)} received.`));
    } else if (outcome === 'PENDING') {
      go('home', () => tell('Your top-up is still being confirmed. It will show in your balance when it lands.'));
    } else {
      go('home', () => say('The card payment did not go through. Nothing was taken from your wallet.'));
    }
  }

  async function waitForPayment(paymentId, seconds) {
    for (let i = 0; i < seconds; i++) {
      try {
        const payment = await call('GET', `/payments/${encodeURIComponent(paymentId)}`);
        if (payment.data.status !== 'PENDING') {
          return payment.data.status;
        }
      } catch (problem) {
        if (problem.status === 401) {
          return 'PENDING';
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    return 'PENDING';
  }

  // ---- pay by QR -------------------------------------------------------------------------------------------------
  async function onQrPay(event) {
    event.preventDefault();
    say('');
    const qrCode = $('qr-code').value.trim();
    const amount = cents($('qr-amount').value);
    if (!qrCode) {
      say('Paste the code of the QR code you scanned.');
      return;
    }
    if (amount === null) {
      say('Enter the amount in rand, like 10.00.');
      return;
    }
    await busy($('qr-pay'), async () => {
      try {
        const reply = await call('POST', '/qr-payments',
          { body: { walletId: session.walletId, qrCode, amount, currency: 'ZAR' }, key: newKey() });
        let status = reply.data.status;
        if (status === 'PENDING') {
          $('qr-status').hidden = false;
          $('qr-status').textContent = `Paying ${reply.data.merchantName || 'the merchant'}…`;
          status = await waitForPayment(reply.data.paymentId, 30);
          $('qr-status').hidden = true;
        }
        if (status === 'SUCCEEDED') {
          const before = lastBalance;
          if (before) {
            balanceShows = (balance) => balance.availableBalance <= before.availableBalance - amount;
          }
          $('qr-form').reset();
          go('home', () => tell(`Paid ${rand(amount)} to ${reply.data.merchantName || 'the merchant'}.`));
        } else if (status === 'PENDING') {
          go('home', () => tell('Your payment is still being confirmed.'));
        } else {
          say('The payment did not go through. Nothing was taken from your wallet.');
        }
      } catch (problem) {
        say(problemText(problem.body));
      }
    });
  }

  // ---- start -------------------------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', onSignIn);
    $('register-form').addEventListener('submit', onRegister);
    $('sign-out').addEventListener('click', onSignOut);
    $('more').addEventListener('click', () => busy($('more'), () => loadHistory().catch((p) => say(problemText(p.body)))));
    $('send-form').addEventListener('submit', onSendReview);
    $('send-now').addEventListener('click', onSendNow);
    $('send-back').addEventListener('click', resetSend);
    $('topup-form').addEventListener('submit', onTopUp);
    $('qr-form').addEventListener('submit', onQrPay);
    window.addEventListener('hashchange', () => {
      say('');
      tell('');
      route();
      const note = noteAfterMove;
      noteAfterMove = null;
      if (note) {
        note();
      }
    });
    route();
    afterCheckout();
  });
})();

// The operator console: one page over the public API's operator endpoints (/api/v1/admin), no framework, no build.
// An operator signs in with id, passphrase and one-time code; the token (short-lived, no refresh token) lives in this
// tab's sessionStorage. Money-moving actions carry an Idempotency-Key made once per form submission.
'use strict';

(() => {
  const store = window.sessionStorage;
  const $ = window.MoolahPages.$;

  const MESSAGES = {
    INVALID_CREDENTIALS: 'That operator id, passphrase or code is wrong (a code works once).',
    TOO_MANY_ATTEMPTS: 'Too many tries. Wait a few minutes.',
    FORBIDDEN: 'This needs an operator.',
    CUSTOMER_NOT_FOUND: 'No such customer.',
    WALLET_NOT_FOUND: 'No such wallet.',
    TRANSACTION_NOT_FOUND: 'No such transaction.',
    UNSUPPORTED_PHONE_NUMBER: 'Only South African numbers have wallets.',
    SAME_OPERATOR: 'Another operator must approve what you asked.',
    APPROVAL_NOT_PENDING: 'That was decided already.',
    ALREADY_REVERSED: 'That transaction is reversed already.',
    INSUFFICIENT_FUNDS: 'The wallet does not hold that much.',
    TOKEN_EXPIRED: 'Your session has ended. Sign in again.',
    TOKEN_REVOKED: 'Your session has ended. Sign in again.',
    RATE_LIMITED: 'Too many requests. Wait a moment.',
    DEAD_LETTER_NOT_FOUND: 'No such dead letter.',
    DEAD_LETTER_REPLAYED: 'That dead letter was replayed already.',
    DEAD_LETTER_NOT_AN_EVENT: 'That record is not an event: it cannot be replayed. Keep it for the engineers.',
    CONSUMER_UNKNOWN: 'The consumer that set it aside does not run in this service any more.',
  };

  const { rand, cents, newKey, say, tell, Problem, request } = window.MoolahPages;
  const problemText = (problem) => window.MoolahPages.problemText(problem, MESSAGES);
  const signedCents = (text) => cents(text, { signed: true });

  async function call(method, path, { body, key, auth = true, headers } = {}) {
    try {
      return await request(method, path, { body, key, headers, token: auth ? store.getItem('console.token') : null });
    } catch (problem) {
      if (problem.status === 401 && auth) {
        signOut(problemText(problem.body));
        problem.shown = true;
      }
      throw problem;
    }
  }

  // Runs one action: its button disabled meanwhile (no double submission), its problem shown.
  async function act(button, work) {
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    say('');
    try {
      await work();
    } catch (problem) {
      if (problem instanceof Problem) {
        if (!problem.shown) {
          say(problemText(problem.body));
        }
      } else {
        throw problem;
      }
    } finally {
      button.disabled = false;
    }
  }

  function showDesk() {
    const signedIn = Boolean(store.getItem('console.token'));
    $('sign-in').hidden = signedIn;
    $('desk').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    $('who').textContent = signedIn ? `Operator ${store.getItem('console.operator') || ''}` : '';
    if (signedIn) {
      loadApprovals().catch((problem) => say(problemText(problem.body)));
      startLive();
      if (!$('recon-date').value) {
        $('recon-date').value = new Date().toISOString().slice(0, 10);
      }
    }
  }

  function signOut(reason) {
    stopLive();
    store.removeItem('console.token');
    store.removeItem('console.operator');
    showDesk();
    if (reason) {
      say(reason);
    }
  }

  // ---- customers -----------------------------------------------------------------------------------------------
  let current = null;

  // minVersion: the wallet version an operator's own change gave it, so the balance shown is never older (Min-Version).
  async function showCustomer(profile, minVersion) {
    current = profile;
    const wallet = (profile.wallets || [])[0] || null;
    $('customer').hidden = false;
    $('customer-name').textContent = profile.fullName;
    $('customer-phone').textContent = profile.phoneNumber;
    $('customer-id').textContent = profile.customerId;
    $('customer-tier').textContent = String(profile.kycTier);
    $('kyc-tier').value = String(profile.kycTier);
    $('wallet-id').textContent = wallet ? wallet.walletId : 'none';
    $('wallet-status').textContent = wallet ? wallet.status : '';
    $('wallet-balance').textContent = '…';
    if (wallet) {
      try {
        const balance = await call('GET', `/wallets/${encodeURIComponent(wallet.walletId)}/balance`,
          { headers: minVersion ? { 'Min-Version': String(minVersion) } : {} });
        $('wallet-balance').textContent = `${rand(balance.data.availableBalance)} available, ${rand(balance.data.heldAmount)} held`;
      } catch (problem) {
        $('wallet-balance').textContent = problemText(problem.body);
      }
    }
  }

  async function find() {
    const phoneNumber = $('find-phone').value.trim();
    if (!phoneNumber) {
      say('Enter the customer\'s phone number.');
      return;
    }
    const reply = await call('GET', `/admin/customers?phoneNumber=${encodeURIComponent(phoneNumber)}`);
    const found = reply.data.items || [];
    if (!found.length) {
      $('customer').hidden = true;
      current = null;
      say('No customer has that phone number.');
      return;
    }
    await showCustomer(found[0]);
  }

  const walletOf = () => (current && current.wallets && current.wallets[0] ? current.wallets[0].walletId : null);

  async function setStatus(action) {
    const reason = $('status-reason').value.trim();
    if (!reason) {
      say('Give the reason: it is kept in the audit log and the customer\'s events.');
      return;
    }
    const reply = await call('POST', `/admin/wallets/${encodeURIComponent(walletOf())}/${action}`, { body: { reason } });
    current.wallets[0].status = reply.data.status;
    $('wallet-status').textContent = reply.data.status;
    $('status-reason').value = '';
    tell(`The wallet is ${reply.data.status}.`);
  }

  async function changeTier() {
    const reply = await call('POST', `/admin/customers/${encodeURIComponent(current.customerId)}/kyc`,
      { body: { tier: Number($('kyc-tier').value) } });
    await showCustomer(reply.data);
    tell(`KYC tier is now ${reply.data.kycTier}.`);
  }

  async function adjust() {
    const amount = signedCents($('adjust-amount').value);
    const reason = $('adjust-reason').value.trim();
    if (amount === null || !reason) {
      say('Give an amount in rand (negative to take money out) and a reason.');
      return;
    }
    const reply = await call('POST', '/admin/adjustments',
      { body: { walletId: walletOf(), amount, currency: 'ZAR', reason }, key: newKey() });
    $('adjust-form').reset();
    if (reply.status === 202) {
      tell(`The adjustment of ${rand(amount)} waits for another operator's approval.`);
      await loadApprovals();
    } else {
      tell(`Adjusted by ${rand(amount)}.`);
      await showCustomer(current, reply.data.version);
    }
  }

  async function reverse() {
    const transactionId = $('reverse-id').value.trim();
    const reason = $('reverse-reason').value.trim();
    if (!transactionId || !reason) {
      say('Give the transaction id and a reason.');
      return;
    }
    const reply = await call('POST', `/admin/transactions/${encodeURIComponent(transactionId)}/reverse`,
      { body: { reason }, key: newKey() });
    $('reverse-form').reset();
    tell(reply.status === 202 ? 'The reversal waits for another operator\'s approval.' : 'Reversed.');
    await loadApprovals();
  }

  // ---- approvals -----------------------------------------------------------------------------------------------
  async function loadApprovals() {
    const reply = await call('GET', '/admin/approvals?status=PENDING');
    const rows = $('approvals').querySelector('tbody');
    rows.replaceChildren();
    for (const approval of reply.data.items || []) {
      rows.appendChild(approvalRow(approval));
    }
    $('approvals-empty').hidden = rows.children.length > 0;
    $('approvals').hidden = rows.children.length === 0;
  }

  const cell = (text, className) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  };

  function approvalRow(approval) {
    const row = document.createElement('tr');
    const what = approval.kind === 'REVERSAL' ? `Reverse ${approval.transactionId}` : `Adjust ${approval.walletId}`;
    row.append(cell(new Date(approval.requestedAt).toLocaleString('en-ZA')), cell(`${what}: ${approval.reason}`, 'mono'),
      cell(approval.amount !== undefined && approval.amount !== null ? rand(approval.amount) : ''), cell(approval.requestedBy, 'mono'));
    const decide = document.createElement('td');
    const approve = document.createElement('button');
    approve.type = 'button';
    approve.textContent = 'Approve';
    approve.setAttribute('aria-label', `Approve: ${what}`);
    approve.addEventListener('click', () => act(approve, async () => {
      await call('POST', `/admin/approvals/${encodeURIComponent(approval.approvalId)}/approve`);
      tell('Approved and posted.');
      await loadApprovals();
    }));
    const reject = document.createElement('button');
    reject.type = 'button';
    reject.className = 'secondary';
    reject.textContent = 'Reject';
    reject.setAttribute('aria-label', `Reject: ${what}`);
    reject.addEventListener('click', () => act(reject, async () => {
      await call('POST', `/admin/approvals/${encodeURIComponent(approval.approvalId)}/reject`,
        { body: { reason: 'rejected in the console' } });
      tell('Rejected.');
      await loadApprovals();
    }));
    decide.append(approve, reject);
    row.appendChild(decide);
    return row;
  }

  // ---- reconciliation ----------------------------------------------------------------------------------------
  async function reconcile() {
    const reply = await call('POST', '/admin/reconciliations',
      { body: { provider: $('recon-provider').value, date: $('recon-date').value } });
    const run = reply.data;
    $('recon-result').hidden = false;
    $('recon-summary').textContent = `${run.provider} ${run.date}: ${run.matched} matched, ${run.missingInLedger} missing in `
      + `the ledger, ${run.missingAtProvider} missing at the provider, ${run.amountMismatches} amounts differ, `
      + `${run.extraAtProvider} extra at the provider, ${run.unknownInLedger} unknown in the ledger.`;
    const rows = $('recon-lines').querySelector('tbody');
    rows.replaceChildren();
    for (const line of run.lines || []) {
      const row = document.createElement('tr');
      const money = (cents) => (cents === null || cents === undefined ? '—' : rand(cents));
      row.append(cell(line.outcome), cell(line.paymentId || line.providerReference || line.ledgerReference || '', 'mono'),
        cell(money(line.ledgerAmount)), cell(money(line.providerAmount)));
      rows.appendChild(row);
    }
  }

  // ---- dead letters -----------------------------------------------------------------------------------------
  async function loadDeadLetters() {
    const area = $('dead-area').value;
    const reply = await call('GET', `/admin/dead-letters/${encodeURIComponent(area)}?limit=100`);
    const rows = $('dead-letters').querySelector('tbody');
    rows.replaceChildren();
    for (const letter of reply.data.items || []) {
      rows.appendChild(deadLetterRow(area, letter));
    }
    $('dead-empty').hidden = rows.children.length > 0;
    $('dead-letters').hidden = rows.children.length === 0;
  }

  function deadLetterRow(area, letter) {
    const row = document.createElement('tr');
    const what = letter.eventType ? `${letter.eventType} ${letter.eventId}` : `not an event (${letter.topic}-${letter.partition}@${letter.offset})`;
    const why = letter.replayError ? `${letter.error}; replay failed: ${letter.replayError}` : letter.error;
    row.append(cell(new Date(letter.parkedAt).toLocaleString('en-ZA')), cell(`${what}, by ${letter.consumer}`, 'mono'), cell(why, 'mono'));
    const actions = document.createElement('td');
    const replay = document.createElement('button');
    replay.type = 'button';
    replay.textContent = 'Replay';
    replay.setAttribute('aria-label', `Replay dead letter ${letter.id}: ${what}`);
    replay.addEventListener('click', () => act(replay, async () => {
      try {
        await call('POST', `/admin/dead-letters/${encodeURIComponent(area)}/${encodeURIComponent(letter.id)}/replay`);
        tell(`Replayed: ${what}.`);
      } finally {
        await loadDeadLetters();
      }
    }));
    actions.appendChild(replay);
    row.appendChild(actions);
    return row;
  }

  // ---- live traffic ------------------------------------------------------------------------------------------
  let liveTimer = null;

  const ms = (value) => (value === null || value === undefined ? '—' : `${value} ms`);

  // Requests per second as bars, server errors in the danger colour; built as SVG elements (no inline style).
  function sparkline(seconds) {
    const svgNs = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(svgNs, 'svg');
    const width = seconds.length * 2;
    svg.setAttribute('viewBox', `0 0 ${width} 20`);
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('aria-hidden', 'true');
    const most = Math.max(1, ...seconds.map((second) => second.requests));
    seconds.forEach((second, i) => {
      if (!second.requests) {
        return;
      }
      const height = Math.max(1, Math.round((second.requests / most) * 20));
      const bar = document.createElementNS(svgNs, 'rect');
      bar.setAttribute('x', String(i * 2));
      bar.setAttribute('y', String(20 - height));
      bar.setAttribute('width', '1.6');
      bar.setAttribute('height', String(height));
      bar.setAttribute('class', second.serverErrors ? 'bad' : 'ok');
      svg.appendChild(bar);
    });
    return svg;
  }

  async function loadLive() {
    const reply = await call('GET', '/admin/metrics?seconds=60');
    const rows = $('live').querySelector('tbody');
    rows.replaceChildren();
    for (const service of reply.data.services || []) {
      const row = document.createElement('tr');
      row.dataset.service = service.service;
      const graph = document.createElement('td');
      graph.appendChild(sparkline(service.seconds || []));
      row.append(cell(service.service), cell(String(service.requestsPerSecond), 'num'),
        cell(`${service.clientErrors} / ${service.serverErrors}`, 'num'),
        cell(`${ms(service.p50Ms)} / ${ms(service.p95Ms)} / ${ms(service.p99Ms)}`, 'num'), graph);
      rows.appendChild(row);
    }
    $('live-at').textContent = `As of ${new Date(reply.data.at).toLocaleTimeString('en-ZA')}.`;
  }

  function startLive() {
    stopLive();
    const tick = () => {
      if (!$('live-on').checked || document.hidden) {
        return;
      }
      loadLive().catch((problem) => {
        if (problem instanceof Problem && !problem.shown) {
          $('live-at').textContent = problemText(problem.body);
        }
      });
    };
    tick();
    liveTimer = window.setInterval(tick, 3000);
  }

  function stopLive() {
    if (liveTimer !== null) {
      window.clearInterval(liveTimer);
      liveTimer = null;
    }
  }

  // ---- sign in -----------------------------------------------------------------------------------------------
  async function signIn(event) {
    event.preventDefault();
    const operatorId = $('operator-id').value.trim();
    const passphrase = $('passphrase').value;
    const otp = $('otp').value.trim();
    if (!operatorId || !passphrase || !/^\d{6}$/.test(otp)) {
      say('Enter your operator id, passphrase and the 6-digit code from your authenticator.');
      return;
    }
    await act($('sign-in-button'), async () => {
      const reply = await call('POST', '/admin/auth/login', { body: { operatorId, passphrase, otp }, auth: false });
      store.setItem('console.token', reply.data.accessToken);
      store.setItem('console.operator', operatorId);
      $('sign-in-form').reset();
      showDesk();
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => { signOut(''); tell('Signed out.'); });
    $('find-form').addEventListener('submit', (event) => { event.preventDefault(); act($('find'), find); });
    $('kyc-form').addEventListener('submit', (event) => { event.preventDefault(); act($('kyc-save'), changeTier); });
    $('freeze').addEventListener('click', () => act($('freeze'), () => setStatus('freeze')));
    $('unfreeze').addEventListener('click', () => act($('unfreeze'), () => setStatus('unfreeze')));
    $('adjust-form').addEventListener('submit', (event) => { event.preventDefault(); act($('adjust'), adjust); });
    $('reverse-form').addEventListener('submit', (event) => { event.preventDefault(); act($('reverse'), reverse); });
    $('approvals-refresh').addEventListener('click', () => act($('approvals-refresh'), loadApprovals));
    $('recon-form').addEventListener('submit', (event) => { event.preventDefault(); act($('recon-run'), reconcile); });
    $('dead-form').addEventListener('submit', (event) => { event.preventDefault(); act($('dead-load'), loadDeadLetters); });
    showDesk();
  });
})();

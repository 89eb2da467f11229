// What the gateway's own pages (the wallet, the console) share: money in rand, messages, problems, and one way of
// calling the public API. Loaded before each page's own script; it defines window.MoolahPages and nothing else.
'use strict';

window.MoolahPages = (() => {
  const API = '/api/v1';
  const $ = (id) => document.getElementById(id);

  // 123456 -> "R 1 234.56" (South African style: a space between thousands).
  const rand = (cents) => {
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    return `${sign}R ${whole}.${String(abs % 100).padStart(2, '0')}`;
  };

  // "12", "12.5", "1 200,50" (and "-5" when signed) -> cents; null when it is not a non-zero amount.
  const cents = (text, { signed = false } = {}) => {
    const clean = String(text).trim().replace(/[\s R]/g, '').replace(',', '.');
    if (!(signed ? /^-?\d{1,9}(\.\d{1,2})?$/ : /^\d{1,9}(\.\d{1,2})?$/).test(clean)) {
      return null;
    }
    const negative = clean.startsWith('-');
    const [whole, part = ''] = clean.replace('-', '').split('.');
    const value = Number(whole) * 100 + Number(part.padEnd(2, '0'));
    return value === 0 ? null : (negative ? -value : value);
  };

  const newKey = () => (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

  // The page's two message regions: #message (role=alert) for what went wrong, #notice (role=status) for what went right.
  const say = (text) => {
    $('notice').hidden = true;
    $('message').textContent = text;
    $('message').hidden = !text;
  };
  const tell = (text) => {
    $('message').hidden = true;
    $('notice').textContent = text;
    $('notice').hidden = !text;
  };

  // A problem's sentence: the page's own for its code, else the problem's detail; VALIDATION_FAILED lists its fields.
  const problemText = (problem, messages) => {
    if (!problem) {
      return 'Something went wrong. Try again.';
    }
    if (problem.code === 'VALIDATION_FAILED' && Array.isArray(problem.errors) && problem.errors.length) {
      return problem.errors.map((error) => `${error.field}: ${error.message}`).join('. ');
    }
    return messages[problem.code] || problem.detail || problem.title || 'Something went wrong. Try again.';
  };

  class Problem extends Error {
    constructor(status, body) {
      super(body && body.code ? body.code : `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  const parse = (text) => {
    try {
      return text ? JSON.parse(text) : null;
    } catch (e) {
      return null;
    }
  };

  // One call to the API: JSON in and out, the token and idempotency key when given; a problem answer (or no answer at
  // all: status 0) is thrown as a Problem.
  async function request(method, path, { body, key, token, headers = {} } = {}) {
    const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    if (key) {
      init.headers['Idempotency-Key'] = key;
    }
    if (token) {
      init.headers.Authorization = `Bearer ${token}`;
    }
    let response;
    try {
      response = await fetch(API + path, init);
    } catch (networkError) {
      throw new Problem(0, { code: 'NETWORK', detail: 'No connection. Check your network and try again.' });
    }
    const data = parse(await response.text());
    if (!response.ok) {
      throw new Problem(response.status, data);
    }
    return { status: response.status, data };
  }

  return { $, rand, cents, newKey, say, tell, problemText, Problem, request, parse };
})();

// The web chat for job seekers. One conversation per browser: its id, the messages shown and
// the buttons on offer are kept in localStorage, so a reload, or closing the tab and coming
// back later, continues where it was; 「新しい相談」 starts over with a new session.
// A message that could not be sent stays in the log, marked, with a button to send it again.
// Messages that arrive later (an agent's reply, the bot taking over again) come through the
// session's server-sent event stream, read with fetch() so that a vanished session (404)
// can be told apart from a dropped connection. Every message from the bot or an agent has an
// id; whenever the stream (re)connects, the page asks for what came after the last id it
// has, so nothing sent while it was closed or offline is missed, and nothing shows twice.
(function () {
  'use strict';

  const STORAGE_KEY = 'careerConcierge.chat';
  const MAX_KEPT = 300;
  const TEXT_LIMIT = 2000;
  const COUNT_FROM = 1500; // the counter shows from this length on

  // Bot texts that tell the page who holds the conversation (see script/consultation.yml).
  const WAITING_MARK = '担当者におつなぎします';
  const JOINED_MARK = 'がチャットに参加しました';
  const RELEASED_MARK = '担当者との会話が終わりました';
  const RATING_MARK = '評価してください';
  const CANCELLED_MARK = 'ボットとの相談に戻ります';
  const CANCEL_POSTBACK = 'cmd:cancelAgent';

  const log = document.getElementById('log');
  const choicesBox = document.getElementById('choices');
  const calendar = document.getElementById('calendar');
  const calendarLink = document.getElementById('calendar-link');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const sendButton = document.getElementById('send');
  const status = document.getElementById('status');
  const modeBox = document.getElementById('mode');
  const modeText = document.getElementById('mode-text');
  const connection = document.getElementById('connection');
  const counter = document.getElementById('counter');
  const startOver = document.getElementById('start-over');
  const startOverConfirm = document.getElementById('start-over-confirm');
  const storage = window.localStorage;

  const state = {
    sessionId: null,
    lastId: 0, // the newest message id shown
    upTo: 0, // every id up to this one is shown (ids count 1, 2, … per conversation)
    seenIds: [], // recent ids shown, so a message that comes both ways shows once
    history: [], // {from: 'bot'|'user'|'agent', text, agent}
    choices: [],
    mode: 'bot', // 'bot' | 'waiting' | 'agent'
    agent: null
  };
  let busy = false;
  let stream = null; // {controller}
  let retryDelay = 1000;
  let retryTimer = null;
  let typing = null;

  // --- storage -------------------------------------------------------------------------

  function save() {
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify({
        sessionId: state.sessionId,
        lastId: state.lastId,
        upTo: state.upTo,
        seenIds: state.seenIds,
        history: state.history.slice(-MAX_KEPT),
        choices: state.choices,
        mode: state.mode,
        agent: state.agent
      }));
    } catch (e) {
      // storage full or disabled: the chat still works, a reload starts afresh
    }
  }

  function restore() {
    try {
      const saved = JSON.parse(storage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.sessionId === 'string' && Array.isArray(saved.history)) {
        state.sessionId = saved.sessionId;
        state.lastId = Number(saved.lastId) || 0;
        state.upTo = Number(saved.upTo) || state.lastId;
        state.seenIds = Array.isArray(saved.seenIds) ? saved.seenIds : [];
        state.history = saved.history;
        state.choices = Array.isArray(saved.choices) ? saved.choices : [];
        state.mode = ['bot', 'waiting', 'agent'].includes(saved.mode) ? saved.mode : 'bot';
        state.agent = saved.agent || null;
        return true;
      }
    } catch (e) {
      // unreadable: start afresh
    }
    return false;
  }

  function forget() {
    state.sessionId = null;
    state.lastId = 0;
    state.upTo = 0;
    state.seenIds = [];
    state.history = [];
    state.choices = [];
    state.mode = 'bot';
    state.agent = null;
    storage.removeItem(STORAGE_KEY);
    log.replaceChildren();
    showChoices([]);
    showMode();
  }

  // --- rendering -----------------------------------------------------------------------

  const SPEAKER = { bot: 'ボット', user: 'あなた', agent: '担当者' };

  function bubble(entry) {
    const item = document.createElement('li');
    item.className = 'msg ' + entry.from;
    if (entry.from === 'agent') {
      const name = document.createElement('span');
      name.className = 'who';
      name.textContent = '担当者' + (entry.agent ? '・' + entry.agent : '');
      item.appendChild(name);
    } else {
      const who = document.createElement('span');
      who.className = 'visually-hidden';
      who.textContent = SPEAKER[entry.from] + '：';
      item.appendChild(who);
    }
    const p = document.createElement('p');
    p.textContent = entry.text;
    item.appendChild(p);
    if (entry.failed) {
      markFailed(item, entry);
    }
    log.insertBefore(item, typing && typing.parentNode === log ? typing : null);
    scrollDown();
    return item;
  }

  function markFailed(item, entry) {
    item.classList.add('failed');
    const note = document.createElement('span');
    note.className = 'failed-note';
    note.textContent = '送信できませんでした';
    item.appendChild(note);
    if (entry.body) {
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = '再送する';
      retry.addEventListener('click', function () {
        if (busy) {
          return;
        }
        const at = state.history.indexOf(entry);
        if (at >= 0) {
          state.history.splice(at, 1);
        }
        item.remove();
        send(entry.body, entry.text);
      });
      item.appendChild(retry);
    }
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function add(entry) {
    state.history.push(entry);
    return bubble(entry);
  }

  function showTyping(on) {
    if (on && !typing) {
      typing = document.createElement('li');
      typing.className = 'msg bot typing';
      typing.setAttribute('aria-label', '返信を準備しています');
      const p = document.createElement('p');
      p.innerHTML = '<span></span><span></span><span></span>';
      p.setAttribute('aria-hidden', 'true');
      typing.appendChild(p);
      log.appendChild(typing);
      scrollDown();
    } else if (!on && typing) {
      typing.remove();
      typing = null;
    }
  }

  function showChoices(choices) {
    state.choices = choices || [];
    // with a booked meeting (the button to see it is offered), its calendar file
    const booked = state.sessionId && state.choices.some(function (choice) {
      return choice.postback === 'cmd:myBooking';
    });
    calendar.hidden = !booked;
    if (booked) {
      calendarLink.href = '/api/chat/sessions/' + encodeURIComponent(state.sessionId) + '/booking.ics';
    }
    choicesBox.replaceChildren();
    state.choices.forEach(function (choice) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.textContent = choice.label;
      button.dataset.postback = choice.postback;
      button.addEventListener('click', function () {
        send({ postback: choice.postback }, choice.label);
      });
      // one tab stop for the whole group (arrow keys move inside it), so a single
      // Shift+Tab from the message box reaches the buttons
      button.tabIndex = choicesBox.children.length === 0 ? 0 : -1;
      choicesBox.appendChild(button);
    });
    choicesBox.hidden = state.choices.length === 0;
    choicesBox.classList.toggle('many', state.choices.length > 4);
    // the buttons take room from the log: keep its latest message in view
    scrollDown();
  }

  choicesBox.addEventListener('keydown', function (event) {
    const buttons = Array.from(choicesBox.querySelectorAll('button'));
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) {
      return;
    }
    const moves = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 };
    if (!(event.key in moves)) {
      return;
    }
    event.preventDefault();
    const next = buttons[(moves[event.key] + buttons.length) % buttons.length];
    buttons.forEach(function (button) { button.tabIndex = button === next ? 0 : -1; });
    next.focus();
  });

  function showMode() {
    modeBox.dataset.mode = state.mode;
    if (state.mode === 'agent') {
      modeText.textContent = '担当者と会話中' + (state.agent ? '（' + state.agent + '）' : '');
      input.placeholder = '担当者へのメッセージを入力';
    } else if (state.mode === 'waiting') {
      modeText.textContent = '担当者の参加をお待ちください';
      input.placeholder = '担当者へのメッセージを入力';
    } else {
      modeText.textContent = '';
      input.placeholder = 'メッセージを入力';
    }
    modeBox.hidden = state.mode === 'bot';
    document.body.dataset.mode = state.mode;
  }

  // Who holds the conversation follows from what was said: a join notice or an agent's
  // message means an agent; the release notice or the rating question means the bot again.
  function follow(entry) {
    if (entry.from === 'agent') {
      state.mode = 'agent';
      state.agent = entry.agent || state.agent;
      return;
    }
    if (entry.from !== 'bot') {
      return;
    }
    const text = entry.text || '';
    if (text.includes(JOINED_MARK)) {
      state.mode = 'agent';
      const named = /担当者の(.+?)がチャットに参加しました/.exec(text);
      state.agent = named ? named[1] : null;
    } else if (text.includes(RELEASED_MARK) || text.includes(RATING_MARK)) {
      state.mode = 'bot';
      state.agent = null;
    } else if (text.includes(WAITING_MARK)) {
      state.mode = 'waiting';
    } else if (state.mode === 'waiting' && text.includes(CANCELLED_MARK)) {
      state.mode = 'bot';
    }
  }

  // Whether a message id is new here (and remembers it); 0 means no id.
  function accept(id) {
    if (!id) {
      return true;
    }
    if (state.seenIds.includes(id)) {
      return false;
    }
    state.seenIds.push(id);
    if (state.seenIds.length > 100) {
      state.seenIds.shift();
    }
    state.lastId = Math.max(state.lastId, id);
    while (state.seenIds.includes(state.upTo + 1)) {
      state.upTo++;
    }
    return true;
  }

  // What came while the page was closed or the stream was down: everything after the last id
  // with none missing before it (an agent's message may be committed before the answer to the
  // user's own message, and published after it).
  async function catchUp() {
    if (!state.sessionId) {
      return;
    }
    try {
      const response = await fetch(sessionUrl('/messages?after=' + state.upTo), {
        headers: { 'Accept': 'application/json' },
        cache: 'no-store'
      });
      if (!response.ok) {
        return;
      }
      const data = await response.json();
      (data.messages || []).forEach(function (entry) {
        if (accept(entry.id)) {
          render(entry.messages || [], entry.from === 'agent' ? 'agent' : 'bot', entry.agent);
        }
      });
      // everything the server keeps after upTo is shown now; an id it no longer keeps
      // will not come
      state.upTo = Math.max(state.upTo, state.lastId);
      save();
    } catch (e) {
      // offline again: the next reconnect asks again
    }
  }

  // Shows a batch of messages; the buttons are those of the last message that has any.
  function render(messages, from, agent) {
    if (!messages || messages.length === 0) {
      return;
    }
    let last = [];
    const first = log.children.length - (typing ? 1 : 0);
    messages.forEach(function (message) {
      const entry = { from: from || 'bot', text: message.text, agent: agent || null };
      add(entry);
      follow(entry);
      if (message.choices && message.choices.length) {
        last = message.choices;
      }
    });
    // While waiting, the bot always offers "back to the bot"; buttons without it mean the
    // user has left the queue (e.g. started over).
    if (state.mode === 'waiting' && last.length && !last.some(function (c) { return c.postback === CANCEL_POSTBACK; })) {
      state.mode = 'bot';
    }
    showChoices(last);
    showMode();
    save();
    reveal(log.children[first]);
  }

  // A long answer (the plan) is read from its start: scroll to it rather than to its end.
  function reveal(start) {
    if (!start) {
      return;
    }
    const top = Math.max(0, start.offsetTop - 48);
    log.scrollTop = (log.scrollHeight - top > log.clientHeight) ? top : log.scrollHeight;
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    choicesBox.querySelectorAll('button').forEach(function (button) { button.disabled = value; });
    showTyping(value && state.mode === 'bot');
  }

  function sessionUrl(suffix) {
    return '/api/chat/sessions/' + encodeURIComponent(state.sessionId) + suffix;
  }

  // --- HTTP ----------------------------------------------------------------------------

  async function post(url, body) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body ? JSON.stringify(body) : undefined
    });
    const data = await response.json().catch(function () { return {}; });
    return { status: response.status, data: data };
  }

  async function startSession(notice) {
    closeStream();
    forget();
    if (notice) {
      status.textContent = notice;
    }
    const result = await post('/api/chat/sessions');
    if (result.status !== 201) {
      throw new Error('start failed: ' + result.status);
    }
    state.sessionId = result.data.sessionId;
    accept(result.data.id);
    render(result.data.messages, 'bot');
    save();
    openStream();
  }

  async function send(body, shown) {
    if (busy || !state.sessionId) {
      return;
    }
    status.textContent = '';
    const offered = state.choices;
    showChoices([]);
    const entry = { from: 'user', text: shown };
    const item = add(entry);
    save();
    // marks the message as not sent, in the log and in storage, with a way to send it again
    const failed = function (retryable) {
      entry.failed = true;
      if (retryable) {
        entry.body = body;
      }
      markFailed(item, entry);
      save();
    };
    setBusy(true);
    try {
      const result = await post(sessionUrl('/messages'), body);
      setBusy(false);
      if (result.status === 200) {
        if (accept(result.data.id)) {
          render(result.data.messages, 'bot');
        }
      } else if (result.status === 404) {
        await startSession('前回の相談の記録が見つからなかったため、新しく相談を始めます。');
      } else if (result.status === 400) {
        status.textContent = '送信できませんでした。メッセージの内容を確認してください（' + TEXT_LIMIT + '文字まで）。';
        failed(false);
        showChoices(offered);
      } else {
        status.textContent = 'ただいま混み合っています。少し待ってから「再送する」を押してください。';
        failed(true);
        showChoices(offered);
      }
    } catch (e) {
      setBusy(false);
      status.textContent = '接続できませんでした。通信環境を確認して「再送する」を押してください。';
      failed(true);
      showChoices(offered);
    } finally {
      if (!('ontouchstart' in window)) {
        input.focus();
      }
    }
  }

  // --- the event stream ----------------------------------------------------------------

  function closeStream() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stream) {
      stream.controller.abort();
      stream = null;
    }
  }

  function openStream() {
    closeStream();
    if (!state.sessionId) {
      return;
    }
    const controller = new AbortController();
    const current = { controller: controller };
    stream = current;
    readStream(current).then(function (outcome) {
      if (stream !== current) {
        return; // replaced or closed on purpose
      }
      if (outcome === 'gone') {
        startSession('前回の相談の記録が見つからなかったため、新しく相談を始めます。').catch(function () {
          status.textContent = '接続できませんでした。ページを再読み込みしてください。';
        });
        return;
      }
      connection.hidden = false;
      const delay = retryDelay + Math.floor(Math.random() * 500);
      retryDelay = Math.min(retryDelay * 2, 30000);
      retryTimer = setTimeout(openStream, delay);
    });
  }

  async function readStream(current) {
    let response;
    try {
      response = await fetch(sessionUrl('/events'), {
        headers: { 'Accept': 'text/event-stream' },
        cache: 'no-store',
        signal: current.controller.signal
      });
    } catch (e) {
      return 'dropped';
    }
    if (response.status === 404) {
      return 'gone';
    }
    if (!response.ok || !response.body) {
      return 'dropped';
    }
    connection.hidden = true;
    retryDelay = 1000;
    catchUp();
    return window.readEventStream(response, dispatch);
  }

  function dispatch(name, data) {
    if (name !== 'message') {
      return;
    }
    let event;
    try {
      event = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (!accept(Number(event.id) || 0)) {
      return;
    }
    const from = event.from === 'agent' ? 'agent' : 'bot';
    render(event.messages || [], from, event.agent);
  }

  // --- input ---------------------------------------------------------------------------

  function submitText() {
    const text = input.value.trim();
    if (!text || busy) {
      return;
    }
    if (characters(text) > TEXT_LIMIT) {
      status.textContent = 'メッセージは' + TEXT_LIMIT + '文字以内で送ってください（いま' + characters(text) + '文字です）。';
      return;
    }
    input.value = '';
    grow();
    count();
    send({ text: text }, text);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submitText();
  });

  // Enter sends, Shift+Enter starts a new line; Enter that confirms a Japanese IME
  // conversion does neither.
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submitText();
    }
  });

  function grow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 140) + 'px';
    input.style.overflowY = input.scrollHeight + 2 > 140 ? 'auto' : 'hidden';
  }
  input.addEventListener('input', grow);

  function count() {
    const length = characters(input.value);
    counter.hidden = length < COUNT_FROM;
    counter.textContent = length + ' / ' + TEXT_LIMIT + '文字';
    counter.classList.toggle('full', length > TEXT_LIMIT);
    counter.textContent += length > TEXT_LIMIT ? '（' + (length - TEXT_LIMIT) + '文字多いため送れません）' : '';
    sendButton.setAttribute('aria-disabled', String(length > TEXT_LIMIT));
  }
  input.addEventListener('input', count);

  // Starting over asks once more: the log on this page is cleared (the server keeps the old
  // conversation until it expires, or /forget deletes it).
  startOver.addEventListener('click', function () {
    startOverConfirm.hidden = !startOverConfirm.hidden;
    startOver.setAttribute('aria-expanded', String(!startOverConfirm.hidden));
    if (!startOverConfirm.hidden) {
      document.getElementById('start-over-yes').focus();
    }
  });
  document.getElementById('start-over-no').addEventListener('click', function () {
    startOverConfirm.hidden = true;
    startOver.setAttribute('aria-expanded', 'false');
    startOver.focus();
  });
  document.getElementById('start-over-yes').addEventListener('click', async function () {
    startOverConfirm.hidden = true;
    startOver.setAttribute('aria-expanded', 'false');
    status.textContent = '';
    try {
      await startSession();
    } catch (e) {
      status.textContent = '接続できませんでした。ページを再読み込みしてください。';
    }
  });

  // Characters as the server counts them (code points: an emoji is one, not two).
  function characters(text) {
    return Array.from(text).length;
  }

  // Two tabs share the conversation through localStorage: when another tab starts over,
  // this one follows to the new conversation instead of going on with the old one beside
  // it. (Clearing comes first and is not followed: the new session is on its way.)
  window.addEventListener('storage', function (event) {
    if (event.key !== STORAGE_KEY || !event.newValue) {
      return;
    }
    let other = null;
    try {
      other = JSON.parse(event.newValue);
    } catch (e) {
      return;
    }
    if (other && typeof other.sessionId === 'string' && other.sessionId !== state.sessionId) {
      location.reload();
    }
  });

  window.addEventListener('online', function () {
    if (state.sessionId && (!stream || retryTimer)) {
      retryDelay = 1000;
      openStream();
    }
  });

  // --- start ---------------------------------------------------------------------------

  (async function init() {
    grow();
    try {
      if (restore()) {
        state.history.forEach(bubble);
        showChoices(state.choices);
        showMode();
        openStream();
        return;
      }
      await startSession();
    } catch (e) {
      status.textContent = '接続できませんでした。ページを再読み込みしてください。';
    }
  })();
})();

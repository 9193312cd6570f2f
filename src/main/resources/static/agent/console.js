// The agent console, for an agent signed in with their password (a session cookie; every
// change carries the session's CSRF token): a live queue of waiting and active
// conversations, and one conversation at a time with the bot's summary, the transcript,
// private notes, the person's earlier handoffs, a reply box with canned replies, and the
// claim / release / close actions; the agent's state (online / away), a notification and
// a sound for new conversations, search and history, and for supervisors the agents'
// load, reassignment, accounts and canned replies.
//
// The agent event stream is read with fetch() and parsed here (so a 401 can be told from a
// dropped connection); it reconnects with backoff and reloads everything after a
// reconnect, because events sent while it was away are not replayed.
(function () {
  'use strict';

  const SELECTED_KEY = 'careerConcierge.agentSelected';
  const DRAFTS_KEY = 'careerConcierge.agentDrafts';
  const TEXT_LIMIT = 2000;
  const SILENCE_LIMIT_MS = 45000; // the server sends a heartbeat every 15 s

  const STAGES = {
    WELCOME: '開始前',
    CONCERNS: '① 不安の整理',
    STRENGTHS: '② 強みの確認',
    TARGET_ROLE: '③ 目指す職種',
    NEXT_STEPS: '④ 次の一歩',
    COMPLETED: '相談完了',
    WAITING_FOR_AGENT: '担当者待ち',
    WITH_AGENT: '担当者対応中',
    RATING: '評価待ち'
  };
  const CHANNELS = { web: 'Web', telegram: 'Telegram', line: 'LINE' };
  const STATUSES = {
    waiting: '待機中',
    active: '対応中',
    released: 'ボットに戻しました',
    closed: '終了',
    cancelled: '相談者が取り下げ'
  };

  const $ = function (id) { return document.getElementById(id); };
  const consoleView = $('console-view');
  const live = $('live');
  const liveText = $('live-text');
  const meBox = $('me');
  const announce = $('announce');
  const lists = { waiting: $('waiting'), active: $('active') };
  const counts = { waiting: $('waiting-count'), active: $('active-count') };
  const empties = { waiting: $('waiting-empty'), active: $('active-empty') };
  const placeholder = $('placeholder');
  const conv = $('conv');
  const convTitle = $('conv-title');
  const convMeta = $('conv-meta');
  const claimButton = $('claim');
  const releaseButton = $('release');
  const releaseBookingButton = $('release-booking');
  const closeButton = $('close');
  const notice = $('notice');
  const transcript = $('transcript');
  const replyForm = $('reply');
  const replyText = $('reply-text');
  const replySend = $('reply-send');
  const review = $('review');
  const reviewOpen = $('open-review');
  const reviewStatus = $('review-status');
  const missedList = $('missed');
  const taughtList = $('taught');
  const bookingsView = $('bookings');
  const bookingsOpen = $('open-bookings');
  const bookingsStatus = $('bookings-status');
  const bookingList = $('booking-list');
  const hoursView = $('hours');
  const hoursOpen = $('open-hours');
  // the side panels shown in place of a conversation, each with the button that opens it
  const PANELS = [[review, reviewOpen], [bookingsView, bookingsOpen], [hoursView, hoursOpen]];

  class Unauthorized extends Error {}

  let signedIn = false;
  let csrf = null;
  let supervisor = false;
  let awayAfterMs = 600000;
  let me = null;
  let queue = { waiting: [], active: [] };
  let fetchedAt = 0;
  let selectedId = null;
  let selected = null; // the selected handoff as last loaded
  let turnKeys = [];
  let lost = null; // why the selected conversation is no longer ours to act on
  let busy = false;

  // --- HTTP ----------------------------------------------------------------------------

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (body) {
      headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && csrf) {
      headers[csrf.header] = csrf.token;
    }
    const response = await fetch(path, {
      method: method,
      headers: headers,
      body: body ? JSON.stringify(body) : undefined,
      cache: 'no-store'
    });
    if (response.status === 401) {
      toSignIn('expired');
      throw new Unauthorized();
    }
    const data = await response.json().catch(function () { return null; });
    return { status: response.status, data: data };
  }

  // --- signing in and out ------------------------------------------------------------------

  // The page is served only to a signed-in agent (Spring Security sends everyone else to
  // /agent/login); /api/agent/me says who they are and gives the CSRF token that every
  // change carries.
  async function enter() {
    let response;
    try {
      response = await fetch('/api/agent/me', { headers: { 'Accept': 'application/json' }, cache: 'no-store' });
    } catch (e) {
      setLive('down', 'サーバーに接続できませんでした。ページを再読み込みしてください。');
      consoleView.hidden = false;
      return;
    }
    if (response.status === 401) {
      toSignIn('expired');
      return;
    }
    const data = await response.json();
    me = data.login;
    supervisor = !!data.supervisor;
    awayAfterMs = (data.awayAfterSeconds || 600) * 1000;
    csrf = { header: data.csrfHeader, token: data.csrfToken };
    signedIn = true;
    meBox.textContent = data.name && data.name !== data.login ? data.name + '（' + data.login + '）' : data.login;
    consoleView.hidden = false;
    document.body.classList.toggle('supervisor', supervisor);
    presenceSelect.value = data.state === 'away' ? 'away' : 'online';
    renderQueue();
    showConversation(sessionStorage.getItem(SELECTED_KEY));
    refresh({ queue: true });
    startStream();
    loadMissedCount();
    loadBookingsCount();
    loadCanned();
  }

  function toSignIn(why) {
    signedIn = false;
    stopStream();
    window.location.assign('/agent/login' + (why ? '?' + why : ''));
  }

  $('signout').addEventListener('click', async function () {
    stopStream();
    signedIn = false;
    sessionStorage.removeItem(SELECTED_KEY);
    sessionStorage.removeItem(DRAFTS_KEY);
    const headers = {};
    if (csrf) {
      headers[csrf.header] = csrf.token;
    }
    try {
      await fetch('/logout', { method: 'POST', headers: headers, cache: 'no-store' });
    } catch (e) {
      // signed out on this side at least: the session ends with its timeout
    }
    window.location.assign('/agent/login?signed-out');
  });

  /** The back button of a side panel (narrow screens): the list again, focus on its opener. */
  function backToList(opener) {
    return function () {
      consoleView.dataset.view = 'list';
      opener.focus();
    };
  }

  // --- loading, coalesced ----------------------------------------------------------------

  let pending = { queue: false, selected: false };
  let draining = null;

  function refresh(what) {
    pending.queue = pending.queue || !!what.queue;
    pending.selected = pending.selected || !!what.selected;
    if (!draining) {
      draining = drain().finally(function () { draining = null; });
    }
    return draining;
  }

  async function drain() {
    while (signedIn && (pending.queue || pending.selected)) {
      const what = pending;
      pending = { queue: false, selected: false };
      try {
        // the conversation first: reading it as its agent marks it read in the queue
        if (what.selected) {
          await loadSelected();
        }
        if (what.queue) {
          await loadQueue();
        }
      } catch (e) {
        if (e instanceof Unauthorized) {
          return;
        }
        // a failed load is retried by the next event or reconnect
      }
    }
  }

  async function loadQueue() {
    const results = await Promise.all([
      api('GET', '/api/agent/handoffs?status=waiting'),
      api('GET', '/api/agent/handoffs?status=active')
    ]);
    if (results[0].status === 200 && results[1].status === 200) {
      queue = { waiting: results[0].data || [], active: results[1].data || [] };
      fetchedAt = Date.now();
      renderQueue();
    }
  }

  async function loadSelected() {
    const id = selectedId;
    if (!id) {
      return;
    }
    const results = await Promise.all([
      api('GET', '/api/agent/handoffs/' + encodeURIComponent(id)),
      api('GET', '/api/agent/handoffs/' + encodeURIComponent(id) + '/transcript')
    ]);
    if (id !== selectedId) {
      return;
    }
    if (results[0].status === 404) {
      selected = null;
      showNotice('この相談は見つかりませんでした（保存期間が過ぎた可能性があります）。', 'warn');
      renderConversation();
      return;
    }
    if (results[0].status === 403) {
      // Another agent holds it now: only they (and supervisors) may read on. What was
      // on screen stays, read-only.
      selected = Object.assign(selected || { id: id, summary: {} }, {
        status: 'active',
        agent: lost || (selected && selected.agent) || 'ほかの担当者'
      });
      lost = selected.agent;
      showNotice(selected.agent + ' さんがこの相談の対応を始めました。あなたは返信や操作ができません。', 'warn');
      renderConversation();
      return;
    }
    if (results[0].status === 200) {
      selected = results[0].data;
      selected.fetchedAt = Date.now();
      explain();
      renderConversation();
    }
    if (results[1].status === 200) {
      renderTranscript((results[1].data && results[1].data.turns) || []);
    }
    if (results[0].status === 200 && loadedExtras !== id) {
      loadedExtras = id;
      cannedFilled = null;
      loadNotes();
      loadEarlier();
      if (supervisor && selected.status === 'waiting') {
        loadAgents();
      }
    }
    renderAssign();
  }
  let loadedExtras = null;

  // --- the queue -------------------------------------------------------------------------

  function nameOf(handoff) {
    const name = (handoff.displayName || (handoff.summary && handoff.summary.displayName) || '').trim();
    return name || handoff.label || 'ゲスト';
  }

  function shortId(handoff) {
    return '#' + String(handoff.id || '').slice(-4);
  }

  function renderQueue() {
    // keep the keyboard focus on the same conversation across re-renders
    const focused = document.activeElement && document.activeElement.classList.contains('item')
      ? document.activeElement.dataset.id : null;
    ['waiting', 'active'].forEach(function (status) {
      const list = lists[status];
      list.replaceChildren();
      queue[status].forEach(function (handoff) {
        list.appendChild(queueItem(handoff, status));
      });
      counts[status].textContent = String(queue[status].length);
      empties[status].hidden = queue[status].length > 0;
    });
    if (focused) {
      const again = document.querySelector('.item[data-id="' + CSS.escape(focused) + '"]');
      if (again) {
        again.focus();
      }
    }
    tick();
    const waiting = queue.waiting.length;
    document.title = (waiting ? '(' + waiting + ') ' : '') + '担当者コンソール｜キャリア相談';
  }

  function queueItem(handoff, status) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'item' + (status === 'active' && me && handoff.agent === me ? ' mine' : '');
    button.dataset.id = handoff.id;
    if (handoff.id === selectedId) {
      button.setAttribute('aria-current', 'true');
    }

    const top = el('span', 'item-top');
    top.appendChild(el('span', 'item-name', nameOf(handoff)));
    if (handoff.unread > 0) {
      const unread = el('span', 'unread', String(handoff.unread));
      unread.setAttribute('aria-label', '未読' + handoff.unread + '件');
      unread.title = '未読' + handoff.unread + '件';
      top.appendChild(unread);
    }
    if (status === 'waiting' && handoff.assignee) {
      top.appendChild(el('span', 'assigned' + (handoff.assignee === me ? ' to-me' : ''),
        handoff.assignee === me ? 'あなた宛て' : '→ ' + handoff.assignee));
    }
    button.appendChild(top);

    const meta = el('span', 'item-meta');
    meta.appendChild(el('span', 'channel channel-' + handoff.channel, CHANNELS[handoff.channel] || handoff.channel));
    meta.appendChild(el('span', 'stage', STAGES[handoff.stage] || handoff.stage || ''));
    button.appendChild(meta);

    const time = el('span', 'item-time');
    time.dataset.waiting = String(handoff.waitingSeconds || 0);
    time.dataset.ticking = status === 'waiting' ? 'true' : 'false';
    time.dataset.agent = handoff.agent || '';
    button.appendChild(time);

    button.addEventListener('click', function () {
      showConversation(handoff.id);
    });
    item.appendChild(button);
    return item;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) {
      return seconds + '秒';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + '分' + String(seconds % 60).padStart(2, '0') + '秒';
    }
    return Math.floor(seconds / 3600) + '時間' + String(Math.floor(seconds / 60) % 60).padStart(2, '0') + '分';
  }

  // Waiting times count up between loads.
  function tick() {
    const elapsed = (Date.now() - fetchedAt) / 1000;
    document.querySelectorAll('.item-time').forEach(function (time) {
      const waited = Number(time.dataset.waiting);
      if (time.dataset.ticking === 'true') {
        time.textContent = '待ち時間 ' + duration(waited + elapsed);
      } else {
        time.textContent = '対応：' + (time.dataset.agent === me ? 'あなた' : time.dataset.agent) +
          '（待ち時間 ' + duration(waited) + '）';
      }
    });
    if (selected && selected.status === 'waiting') {
      convMeta.dataset.waited = duration(selected.waitingSeconds + (Date.now() - selected.fetchedAt) / 1000);
      renderMeta();
    }
  }
  setInterval(tick, 1000);

  // --- one conversation ------------------------------------------------------------------

  function closePanels() {
    PANELS.forEach(function (panel) {
      panel[0].hidden = true;
      panel[1].removeAttribute('aria-current');
    });
  }

  /** Shows one side panel in place of the conversation, loads it and moves focus to it. */
  function showPanel(view, opener, load, heading) {
    keepDraft();
    placeholder.hidden = true;
    conv.hidden = true;
    closePanels();
    view.hidden = false;
    opener.setAttribute('aria-current', 'true');
    consoleView.dataset.view = 'conversation';
    load();
    $(heading).focus({ preventScroll: true });
  }

  function showConversation(id) {
    closePanels();
    if (!id) {
      placeholder.hidden = false;
      conv.hidden = true;
      return;
    }
    if (id !== selectedId) {
      // A draft belongs to the conversation it was typed for: keep it there and show
      // the other conversation's own draft, so Enter never sends it to someone else.
      keepDraft();
      selectedId = id;
      replyText.value = drafts()[id] || '';
      notesList.replaceChildren();
      earlierList.replaceChildren();
      earlierBox.hidden = true;
      loadedExtras = null;
      selected = null;
      lost = null;
      turnKeys = [];
      transcript.replaceChildren();
      hideNotice();
      sessionStorage.setItem(SELECTED_KEY, id);
      convTitle.textContent = '読み込み中…';
      convMeta.textContent = '';
      clearSummary();
    }
    placeholder.hidden = true;
    conv.hidden = false;
    consoleView.dataset.view = 'conversation';
    lists.waiting.querySelectorAll('.item').forEach(mark);
    lists.active.querySelectorAll('.item').forEach(mark);
    renderButtons();
    refresh({ selected: true, queue: true });
  }

  function mark(button) {
    if (button.dataset.id === selectedId) {
      button.setAttribute('aria-current', 'true');
    } else {
      button.removeAttribute('aria-current');
    }
  }

  function mine() {
    return !!(selected && me && selected.status === 'active' && selected.agent === me);
  }

  function renderConversation() {
    if (!selected) {
      convTitle.textContent = '相談が見つかりません';
      convMeta.textContent = '';
      renderButtons();
      return;
    }
    convTitle.textContent = nameOf(selected) + ' さん';
    renderMeta();
    renderSummary(selected.summary || {});
    renderButtons();
  }

  function renderMeta() {
    if (!selected) {
      return;
    }
    const parts = [CHANNELS[selected.channel] || selected.channel, shortId(selected)];
    let status = STATUSES[selected.status] || selected.status;
    if (selected.status === 'active') {
      status = selected.agent === me ? 'あなたが対応中' : (selected.agent + ' さんが対応中');
    }
    parts.push(status);
    if (selected.status === 'waiting') {
      parts.push('待ち時間 ' + (convMeta.dataset.waited || duration(selected.waitingSeconds)));
    }
    convMeta.textContent = parts.join('・');
  }

  function clearSummary() {
    ['stage', 'concerns', 'strengths', 'episode', 'role'].forEach(function (field) {
      $('summary-' + field).textContent = '—';
    });
  }

  function renderSummary(summary) {
    $('summary-stage').textContent = STAGES[summary.stage] || summary.stage || '—';
    fillList($('summary-concerns'), summary.concerns);
    fillList($('summary-strengths'), summary.strengths);
    $('summary-episode').textContent = summary.episode ? 'エピソード：「' + summary.episode + '」' : 'エピソード：（まだ聞けていません）';
    $('summary-role').textContent = summary.targetRole || '（まだ決まっていません）';
  }

  function fillList(target, values) {
    target.replaceChildren();
    if (!values || values.length === 0) {
      target.textContent = '（まだ聞けていません）';
      return;
    }
    values.forEach(function (value) {
      target.appendChild(el('span', 'tag', value));
    });
  }

  function renderButtons() {
    const status = selected ? selected.status : null;
    const ours = mine();
    const free = status === 'waiting';
    claimButton.hidden = !free;
    claimButton.disabled = busy;
    releaseButton.disabled = busy || !ours;
    releaseBookingButton.disabled = busy || !ours;
    closeButton.disabled = busy || !ours;
    const canWrite = !busy && (free || ours);
    replyText.disabled = !selected || !(free || ours);
    replySend.disabled = !canWrite;
    if (!selected) {
      replyText.placeholder = '';
    } else if (free) {
      replyText.placeholder = '返信を入力（送ると対応を始めます）';
    } else if (ours) {
      replyText.placeholder = '相談者への返信を入力';
    } else {
      replyText.placeholder = 'この相談には返信できません';
    }
  }

  const WHO = { user: '相談者', bot: 'ボット', agent: '担当者' };

  function turnKey(turn) {
    return turn.at + '|' + turn.from + '|' + turn.text;
  }

  function renderTranscript(turns) {
    const keys = turns.map(turnKey);
    const prefix = turnKeys.length <= keys.length && turnKeys.every(function (key, i) { return key === keys[i]; });
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    if (!prefix) {
      transcript.replaceChildren();
      turnKeys = [];
    }
    turns.slice(turnKeys.length).forEach(function (turn) {
      transcript.appendChild(turnItem(turn));
    });
    turnKeys = keys;
    if (atBottom || !prefix) {
      transcript.scrollTop = transcript.scrollHeight;
    }
  }

  function turnItem(turn) {
    const item = el('li', 'turn ' + turn.from);
    const head = el('span', 'turn-head');
    let who = WHO[turn.from] || turn.from;
    if (turn.from === 'agent' && turn.agent) {
      who += '・' + turn.agent;
    }
    if (turn.from === 'user' && selected) {
      who = nameOf(selected) === 'ゲスト' ? '相談者' : nameOf(selected);
    }
    head.appendChild(el('span', 'turn-who', who));
    const at = new Date(turn.at);
    const time = el('time', 'turn-time', String(at.getHours()).padStart(2, '0') + ':' + String(at.getMinutes()).padStart(2, '0'));
    time.dateTime = at.toISOString();
    head.appendChild(time);
    item.appendChild(head);
    item.appendChild(el('p', 'turn-text', turn.text));
    return item;
  }

  // --- notices ---------------------------------------------------------------------------

  function showNotice(text, kind) {
    notice.textContent = text;
    notice.dataset.kind = kind || 'info';
    notice.hidden = false;
  }

  function hideNotice() {
    notice.hidden = true;
    notice.textContent = '';
  }

  // Says why the loaded conversation can no longer be acted on, if it cannot.
  function explain() {
    if (!selected || !me) {
      return;
    }
    lost = null;
    const other = selected.agent && selected.agent !== me;
    if (selected.status === 'active' && other) {
      lost = selected.agent;
      showNotice(selected.agent + ' さんがこの相談の対応を始めました。あなたは返信や操作ができません。', 'warn');
    } else if (selected.status === 'cancelled') {
      showNotice('相談者が待つのをやめ、ボットとの相談に戻りました。', 'warn');
    } else if ((selected.status === 'released' || selected.status === 'closed') && other) {
      showNotice('この相談は ' + selected.agent + ' さんが' +
        (selected.status === 'released' ? 'ボットに戻しました。' : '終了しました。'), 'warn');
    } else if (selected.status === 'released') {
      showNotice('ボットに戻しました。相談者はボットとの相談を続けます。', 'info');
    } else if (selected.status === 'closed') {
      showNotice('相談を終了しました。相談者に評価をお願いしています。', 'info');
    } else if (notice.dataset.kind !== 'error') {
      hideNotice(); // waiting, or ours: nothing stands in the way
    }
  }

  // --- actions ---------------------------------------------------------------------------

  async function act(path, body, done) {
    if (!selectedId || busy) {
      return false;
    }
    busy = true;
    renderButtons();
    try {
      const result = await api('POST', '/api/agent/handoffs/' + encodeURIComponent(selectedId) + path, body);
      if (result.status === 200) {
        selected = Object.assign(result.data, { fetchedAt: Date.now() });
        if (done) {
          done();
        }
        return true;
      }
      if (result.status === 403 || result.status === 409) {
        await loadSelected();
        if (!lost && selected && !['cancelled', 'released', 'closed'].includes(selected.status)) {
          showNotice('この相談はほかの担当者が対応中か、すでに終了しています。', 'warn');
        }
      } else if (result.status === 400) {
        showNotice('送信できませんでした。' + TEXT_LIMIT + '文字以内で入力してください。', 'error');
      } else if (result.status === 404) {
        showNotice('この相談は見つかりませんでした。', 'error');
      } else {
        showNotice('処理できませんでした（' + result.status + '）。少し待ってからもう一度お試しください。', 'error');
      }
      return false;
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        showNotice('サーバーに接続できませんでした。通信環境を確認してください。', 'error');
      }
      return false;
    } finally {
      busy = false;
      renderButtons();
      refresh({ selected: true, queue: true });
    }
  }

  $('back').addEventListener('click', function () {
    consoleView.dataset.view = 'list';
    const current = document.querySelector('.item[aria-current="true"]');
    if (current) {
      current.focus();
    }
  });

  // --- bookings of the 面談 -------------------------------------------------------------

  const BOOKING_STATUSES = {
    booked: '予約中',
    moved: '日時変更済み',
    cancelled: 'キャンセル',
    attended: '来談',
    no_show: '無断欠席'
  };
  const MODES = { online: 'オンライン', phone: '電話', office: '来社' };
  const WHEN = new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit'
  });
  const CLOCK = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });

  bookingsOpen.addEventListener('click', showBookings);
  $('bookings-back').addEventListener('click', backToList(bookingsOpen));
  $('bookings-reload').addEventListener('click', function () {
    loadBookings();
  });

  function showBookings() {
    showPanel(bookingsView, bookingsOpen, loadBookings, 'bookings-heading');
  }

  function showBookedCount(bookings) {
    $('bookings-count').textContent = String(bookings.filter(function (b) { return b.status === 'booked'; }).length);
  }

  async function loadBookingsCount() {
    try {
      const result = await api('GET', '/api/agent/bookings');
      if (result.status === 200) {
        showBookedCount(result.data);
      }
    } catch (e) {
      // shown again when the list is opened
    }
  }

  async function loadBookings() {
    bookingsStatus.textContent = '読み込み中…';
    try {
      const result = await api('GET', '/api/agent/bookings');
      if (result.status !== 200) {
        bookingsStatus.textContent = '読み込めませんでした。少し待ってから「最新にする」を押してください。';
        return;
      }
      renderBookings(result.data);
      bookingsStatus.textContent = '';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        bookingsStatus.textContent = 'サーバーに接続できませんでした。通信環境を確認してください。';
      }
    }
  }

  function renderBookings(bookings) {
    const shown = bookings.filter(function (booking) { return booking.status !== 'moved'; });
    bookingList.replaceChildren();
    $('bookings-empty').hidden = shown.length > 0;
    showBookedCount(shown);
    shown.forEach(function (booking) {
      const item = el('li', 'missed-item booking');
      item.dataset.id = booking.id;
      item.dataset.status = booking.status;
      const start = new Date(booking.start);
      item.appendChild(el('p', 'booking-when', WHEN.format(start) + '〜' + CLOCK.format(new Date(booking.end))));
      const who = (booking.name || 'お名前未登録') + '（' + (CHANNELS[booking.channel] || booking.channel) + '）';
      item.appendChild(el('p', 'booking-who', who));
      item.appendChild(el('p', 'missed-meta', [
        booking.role ? '目指す職種：' + booking.role : '職種は未定',
        (MODES[booking.mode] || booking.mode) + (booking.phone ? '（' + booking.phone + '）' : ''),
        '担当：' + booking.advisor,
        BOOKING_STATUSES[booking.status] || booking.status
      ].join('・')));
      if (booking.status === 'booked') {
        const result = el('p', 'teach-result');
        result.setAttribute('role', 'status');
        const attended = el('button', 'button primary', '来談');
        const noShow = el('button', 'button', '無断欠席');
        [attended, noShow].forEach(function (button) { button.type = 'button'; });
        attended.addEventListener('click', function () {
          markBooking(booking, 'attended', result, [attended, noShow]);
        });
        noShow.addEventListener('click', function () {
          markBooking(booking, 'no-show', result, [attended, noShow]);
        });
        const actions = el('div', 'teach-actions');
        actions.append(attended, noShow);
        item.append(actions, result);
      }
      bookingList.appendChild(item);
    });
  }

  const WEEKDAYS = [['MONDAY', '月曜'], ['TUESDAY', '火曜'], ['WEDNESDAY', '水曜'], ['THURSDAY', '木曜'],
    ['FRIDAY', '金曜'], ['SATURDAY', '土曜'], ['SUNDAY', '日曜']];

  hoursOpen.addEventListener('click', showHours);
  $('hours-back').addEventListener('click', backToList(hoursOpen));
  $('hours-form').addEventListener('submit', function (event) {
    event.preventDefault();
    saveHours();
  });

  function showHours() {
    showPanel(hoursView, hoursOpen, loadHours, 'hours-heading');
  }

  function renderHours(hours) {
    const box = $('hours-days');
    box.replaceChildren();
    WEEKDAYS.forEach(function (pair) {
      const id = 'hours-' + pair[0].toLowerCase();
      const label = el('label', '', pair[1]);
      label.htmlFor = id;
      const input = el('input');
      input.id = id;
      input.dataset.day = pair[0];
      input.value = (hours.weekly[pair[0]] || '').split(',').join(', ');
      input.placeholder = '面談なし';
      input.spellcheck = false;
      const row = el('div', 'hours-day');
      row.append(label, input);
      box.appendChild(row);
    });
    $('hours-off').value = hours.off.join('\n');
    $('hours-source').textContent = hours.own ? '' : 'まだ設定していないため、営業時間を表示しています。';
  }

  async function loadHours() {
    $('hours-status').textContent = '読み込み中…';
    try {
      const result = await api('GET', '/api/agent/availability');
      if (result.status === 403) {
        $('hours-status').textContent = 'このアカウントは面談の担当に入っていません（concierge.booking.advisors）。';
        return;
      }
      if (result.status !== 200) {
        $('hours-status').textContent = '読み込めませんでした（' + result.status + '）。';
        return;
      }
      renderHours(result.data);
      $('hours-status').textContent = '';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        $('hours-status').textContent = 'サーバーに接続できませんでした。';
      }
    }
  }

  async function saveHours() {
    const weekly = {};
    document.querySelectorAll('#hours-days input').forEach(function (input) {
      weekly[input.dataset.day] = input.value;
    });
    const off = $('hours-off').value.split('\n').map(function (line) { return line.trim(); })
      .filter(function (line) { return line.length > 0; });
    $('hours-save').disabled = true;
    delete $('hours-status').dataset.ok;
    try {
      const result = await api('PUT', '/api/agent/availability', { weekly: weekly, off: off });
      if (result.status === 200) {
        renderHours(result.data);
        $('hours-status').dataset.ok = 'true';
        $('hours-status').textContent = '保存しました。次に相談者が予約するときから、この時間で空き枠を出します。';
      } else {
        $('hours-status').textContent = '保存できませんでした。書き方を確かめてください（' + ((result.data && result.data.detail) || result.status) + '）';
      }
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        $('hours-status').textContent = 'サーバーに接続できませんでした。';
      }
    } finally {
      $('hours-save').disabled = false;
    }
  }

  async function markBooking(booking, mark, result, buttons) {
    buttons.forEach(function (button) { button.disabled = true; });
    try {
      const answer = await api('POST', '/api/agent/bookings/' + encodeURIComponent(booking.id) + '/' + mark);
      if (answer.status === 200) {
        announce.textContent = mark === 'attended' ? '来談を記録しました。' : '無断欠席を記録しました。';
        loadBookings();
        return;
      }
      result.textContent = answer.status === 409 ? 'この予約はキャンセルか記録済みです。' : '記録できませんでした（' + answer.status + '）。';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        result.textContent = 'サーバーに接続できませんでした。';
      }
    }
    buttons.forEach(function (button) { button.disabled = false; });
  }

  // --- what the bot did not understand ------------------------------------------------

  const GROUPS = { concern: '不安', strength: '強み', role: '職種', rating: '評価', command: '操作' };
  let choiceLabels = {};

  reviewOpen.addEventListener('click', showReview);
  $('review-back').addEventListener('click', backToList(reviewOpen));
  $('review-reload').addEventListener('click', function () {
    loadReview();
  });
  setInterval(function () {
    if (signedIn) {
      loadMissedCount();
    }
  }, 60000);

  function showReview() {
    showPanel(review, reviewOpen, loadReview, 'review-heading');
  }

  async function loadMissedCount() {
    try {
      const result = await api('GET', '/api/agent/understanding/missed?limit=0');
      if (result.status === 200) {
        $('missed-count').textContent = String(result.data.total);
      }
    } catch (e) {
      // shown again on the next round
    }
  }

  async function loadReview() {
    reviewStatus.textContent = '読み込み中…';
    try {
      const results = await Promise.all([
        api('GET', '/api/agent/understanding/missed'),
        api('GET', '/api/agent/understanding/words'),
        api('GET', '/api/agent/understanding/history'),
        api('GET', '/api/agent/understanding/choices')
      ]);
      if (results.some(function (result) { return result.status !== 200; })) {
        reviewStatus.textContent = '読み込めませんでした。少し待ってから「最新にする」を押してください。';
        return;
      }
      choiceLabels = {};
      results[3].data.choices.forEach(function (choice) {
        choiceLabels[choice.postback] = choice;
      });
      renderMissed(results[0].data.messages);
      renderTaught(results[1].data.words);
      renderHistory(results[2].data.changes);
      $('missed-count').textContent = String(results[0].data.total);
      reviewStatus.textContent = '';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        reviewStatus.textContent = 'サーバーに接続できませんでした。通信環境を確認してください。';
      }
    }
  }

  function choiceName(choice) {
    return (GROUPS[choice.group] ? GROUPS[choice.group] + '：' : '') + choice.label;
  }

  function renderMissed(messages) {
    missedList.replaceChildren();
    $('missed-empty').hidden = messages.length > 0;
    messages.forEach(function (message) {
      const item = el('li', 'missed-item');
      item.dataset.id = message.id;
      item.appendChild(el('blockquote', 'missed-text', message.text));
      item.appendChild(el('p', 'missed-meta', (STAGES[message.stage] || message.stage) + '・' + message.count
        + '回・最後は' + new Date(message.lastSeen).toLocaleString('ja-JP')
        + (message.suggested ? '・「' + message.suggested.label + '」か聞き返しました' : '')));
      const form = el('form', 'teach');
      const selectId = 'teach-choice-' + message.id;
      const wordId = 'teach-word-' + message.id;
      const selectLabel = el('label', '', '結びつける選択肢');
      selectLabel.htmlFor = selectId;
      const select = el('select');
      select.id = selectId;
      const candidates = message.candidates.filter(function (choice) { return choice.group !== 'command'; });
      (candidates.length ? candidates : Object.values(choiceLabels)).forEach(function (choice) {
        const option = el('option', '', choiceName(choice));
        option.value = choice.postback;
        select.appendChild(option);
      });
      if (message.suggested) {
        select.value = message.suggested.postback;
      }
      const kindId = 'teach-kind-' + message.id;
      const kindLabel = el('label', '', '覚えさせ方');
      kindLabel.htmlFor = kindId;
      const kind = el('select');
      kind.id = kindId;
      [['example', '例文として（似た言い方も理解します）'], ['synonym', '言葉として（この言葉を含むと選びます）']].forEach(function (pair) {
        const option = el('option', '', pair[1]);
        option.value = pair[0];
        kind.appendChild(option);
      });
      const wordLabel = el('label', '', '覚えさせる言葉・文（言葉として覚えさせるときは短くするほど多くの言い方に効きます）');
      wordLabel.htmlFor = wordId;
      const word = el('input');
      word.id = wordId;
      word.value = message.text;
      word.maxLength = 200;
      const teach = el('button', 'button primary', '覚えさせる');
      teach.type = 'submit';
      const dismiss = el('button', 'button', '対象外にする');
      dismiss.type = 'button';
      const result = el('p', 'teach-result');
      result.setAttribute('role', 'status');
      const actions = el('div', 'teach-actions');
      actions.append(teach, dismiss);
      form.append(selectLabel, select, kindLabel, kind, wordLabel, word, actions, result);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        teachWord(message, select.value, kind.value, word.value, result, [teach, dismiss]);
      });
      dismiss.addEventListener('click', function () {
        dismissMissed(message, result, [teach, dismiss]);
      });
      item.appendChild(form);
      missedList.appendChild(item);
    });
  }

  async function teachWord(message, choice, kind, word, result, buttons) {
    if (!word.trim()) {
      result.textContent = '覚えさせる言葉を入力してください。';
      return;
    }
    buttons.forEach(function (button) { button.disabled = true; });
    try {
      const answer = await api('POST', '/api/agent/understanding/words',
        { choice: choice, word: word.trim(), as: kind, missedId: message.id });
      if (answer.status === 201) {
        announce.textContent = '「' + answer.data.word + '」を「' + answer.data.choice.label + '」として覚えさせました。';
        await loadReview();
        reviewStatus.textContent = announce.textContent;
        return;
      }
      result.textContent = answer.status === 409
        ? 'この言葉はすでにほかの選択肢で理解されます（' + ((answer.data && answer.data.detail) || '') + '）。言葉を変えてください。'
        : '覚えさせられませんでした（' + ((answer.data && answer.data.detail) || answer.status) + '）。';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        result.textContent = 'サーバーに接続できませんでした。';
      }
    } finally {
      buttons.forEach(function (button) { button.disabled = false; });
    }
  }

  async function dismissMissed(message, result, buttons) {
    buttons.forEach(function (button) { button.disabled = true; });
    try {
      const answer = await api('DELETE', '/api/agent/understanding/missed/' + encodeURIComponent(message.id));
      if (answer.status === 204 || answer.status === 404) {
        await loadReview();
        return;
      }
      result.textContent = '処理できませんでした（' + answer.status + '）。';
    } catch (e) {
      if (!(e instanceof Unauthorized)) {
        result.textContent = 'サーバーに接続できませんでした。';
      }
    } finally {
      buttons.forEach(function (button) { button.disabled = false; });
    }
  }

  function renderTaught(words) {
    taughtList.replaceChildren();
    $('taught-empty').hidden = words.length > 0;
    words.forEach(function (taught) {
      const item = el('li', 'taught-item');
      item.appendChild(el('span', 'taught-word', '「' + taught.word + '」'));
      item.appendChild(el('span', 'taught-choice', '→ ' + choiceName(taught.choice)
        + (taught.kind === 'example' ? '（例文）' : '（言葉）')));
      item.appendChild(el('span', 'taught-meta', taught.by + '・' + new Date(taught.at).toLocaleDateString('ja-JP')));
      const remove = el('button', 'button', '取り消す');
      remove.type = 'button';
      remove.setAttribute('aria-label', '「' + taught.word + '」を取り消す');
      remove.addEventListener('click', async function () {
        remove.disabled = true;
        try {
          const answer = await api('DELETE', '/api/agent/understanding/words?choice='
            + encodeURIComponent(taught.choice.postback) + '&as=' + encodeURIComponent(taught.kind)
            + '&word=' + encodeURIComponent(taught.word));
          reviewStatus.textContent = answer.status === 204 ? '「' + taught.word + '」を取り消しました。'
            : '取り消せませんでした（' + answer.status + '）。';
          await loadReview();
        } catch (e) {
          remove.disabled = false;
        }
      });
      item.appendChild(remove);
      taughtList.appendChild(item);
    });
  }

  function renderHistory(changes) {
    const list = $('vocab-history');
    list.replaceChildren();
    changes.forEach(function (change) {
      list.appendChild(el('li', '', new Date(change.at).toLocaleString('ja-JP') + '　' + change.by + '　'
        + (change.action === 'taught' ? '追加' : '取り消し') + (change.kind === 'example' ? '（例文）' : '（言葉）')
        + '　「' + change.word + '」→ ' + change.choice.label));
    });
  }

  claimButton.addEventListener('click', function () {
    act('/claim', null, function () {
      hideNotice();
      replyText.focus();
    });
  });
  releaseButton.addEventListener('click', function () {
    act('/release');
  });
  releaseBookingButton.addEventListener('click', function () {
    act('/release?offer=booking');
  });
  closeButton.addEventListener('click', function () {
    act('/close');
  });

  function drafts() {
    try {
      return JSON.parse(sessionStorage.getItem(DRAFTS_KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function keepDraft() {
    if (!selectedId) {
      return;
    }
    const all = drafts();
    if (replyText.value) {
      all[selectedId] = replyText.value;
    } else {
      delete all[selectedId];
    }
    sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(all));
  }

  replyText.addEventListener('input', keepDraft);

  function sendReply() {
    const id = selectedId;
    const text = replyText.value.trim();
    if (!text || busy) {
      return;
    }
    if (text.length > TEXT_LIMIT) {
      showNotice('返信は' + TEXT_LIMIT + '文字以内で入力してください。', 'error');
      return;
    }
    act('/messages', { text: text }, function () {
      const all = drafts();
      delete all[id];
      sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(all));
      if (selectedId === id) {
        replyText.value = '';
      }
      if (notice.dataset.kind === 'error') {
        hideNotice();
      }
    }).then(function () {
      replyText.focus();
    });
  }

  replyForm.addEventListener('submit', function (event) {
    event.preventDefault();
    sendReply();
  });

  // Enter sends, Shift+Enter starts a new line, Enter that confirms an IME conversion
  // does neither.
  replyText.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      sendReply();
    }
  });

  // --- the event stream ------------------------------------------------------------------

  let stream = null;
  let retryDelay = 1000;
  let retryTimer = null;
  let lastHeard = 0;

  function setLive(state, text) {
    live.dataset.state = state;
    liveText.textContent = text;
  }

  function stopStream() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stream) {
      stream.controller.abort();
      stream = null;
    }
  }

  function startStream() {
    stopStream();
    if (!signedIn) {
      return;
    }
    const current = { controller: new AbortController() };
    stream = current;
    setLive('connecting', retryDelay > 1000 ? '再接続中…' : '接続中…');
    readStream(current).then(function (outcome) {
      if (stream !== current || !signedIn) {
        return;
      }
      if (outcome === 'unauthorized') {
        toSignIn('expired');
        return;
      }
      const delay = retryDelay + Math.floor(Math.random() * 500);
      retryDelay = Math.min(retryDelay * 2, 30000);
      setLive('down', '接続が切れました。' + Math.round(delay / 1000) + '秒後に再接続します…');
      retryTimer = setTimeout(startStream, delay);
    });
  }

  // A stream that stays silent past the heartbeat is half-open: drop it and reconnect.
  setInterval(function () {
    if (stream && !retryTimer && lastHeard && Date.now() - lastHeard > SILENCE_LIMIT_MS) {
      lastHeard = 0;
      stream.controller.abort();
    }
  }, 5000);

  window.addEventListener('online', function () {
    if (signedIn && retryTimer) {
      retryDelay = 1000;
      startStream();
    }
  });

  async function readStream(current) {
    let response;
    try {
      response = await fetch('/api/agent/events', {
        headers: { 'Accept': 'text/event-stream' },
        cache: 'no-store',
        signal: current.controller.signal
      });
    } catch (e) {
      return 'dropped';
    }
    if (response.status === 401) {
      return 'unauthorized';
    }
    if (!response.ok || !response.body) {
      return 'dropped';
    }
    lastHeard = Date.now();
    return window.readEventStream(response, dispatch, function () {
      lastHeard = Date.now();
    });
  }

  function dispatch(name, raw) {
    let data;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      return;
    }
    if (name === 'hello') {
      retryDelay = 1000;
      setLive('up', 'リアルタイム更新中');
      // whatever happened while disconnected is in the lists, not in the stream
      refresh({ queue: true, selected: !!selectedId });
      return;
    }
    const ours = data.handoffId && data.handoffId === selectedId;
    switch (name) {
      case 'handoff.created':
        announce.textContent = '新しい相談が届きました。';
        alertAgent('新しい相談が届きました', data.handoffId);
        refresh({ queue: true, selected: ours });
        break;
      case 'handoff.assigned':
        if (data.agent === me) {
          announce.textContent = 'あなたに相談が割り当てられました。';
          alertAgent('あなたに相談が割り当てられました', data.handoffId);
        }
        refresh({ queue: true, selected: ours });
        reloadAgents();
        break;
      case 'agent.presence':
        reloadAgents();
        break;
      case 'handoff.note':
        if (ours) {
          loadNotes();
        }
        break;
      case 'handoff.claimed':
        if (ours && data.agent && data.agent !== me) {
          lost = data.agent;
          showNotice(data.agent + ' さんがこの相談の対応を始めました。あなたは返信や操作ができません。', 'warn');
        }
        refresh({ queue: true, selected: ours });
        break;
      case 'user.message':
        if (!ours) {
          announce.textContent = '相談者から新しいメッセージがあります。';
        }
        refresh({ queue: true, selected: ours });
        break;
      default:
        refresh({ queue: true, selected: ours });
    }
  }

  // --- the agent's state ---------------------------------------------------------------

  // Online while the console is used; the server counts an agent away when they chose so
  // or have not touched the console for awayAfter. Use is reported at most once a minute.
  const presenceSelect = $('presence');
  let reportedAt = 0;

  presenceSelect.addEventListener('change', function () {
    reportedAt = Date.now();
    api('POST', '/api/agent/presence', { state: presenceSelect.value }).catch(function () {});
  });

  ['keydown', 'pointerdown', 'focus'].forEach(function (type) {
    window.addEventListener(type, function () {
      if (signedIn && presenceSelect.value === 'online' && Date.now() - reportedAt > 60000) {
        reportedAt = Date.now();
        api('POST', '/api/agent/presence', { state: 'online' }).catch(function () {});
      }
    }, true);
  });

  // --- notifications -------------------------------------------------------------------

  const notifyButton = $('notify');
  let audio = null;

  function renderNotify() {
    const allowed = 'Notification' in window && Notification.permission === 'granted';
    notifyButton.textContent = allowed ? '通知：オン' : '通知を受け取る';
    notifyButton.setAttribute('aria-pressed', allowed ? 'true' : 'false');
  }
  renderNotify();

  notifyButton.addEventListener('click', async function () {
    // a sound may only start after a click, so the audio context is made here
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    if ('Notification' in window && Notification.permission === 'default') {
      await Notification.requestPermission();
    }
    renderNotify();
    chime();
  });

  function chime() {
    if (!audio) {
      return;
    }
    const now = audio.currentTime;
    [880, 660].forEach(function (frequency, i) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.18 + 0.16);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + i * 0.18);
      tone.stop(now + i * 0.18 + 0.17);
    });
  }

  function alertAgent(title, handoffId) {
    chime();
    if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
      const shown = new Notification(title, { body: '担当者コンソールで確認してください。', tag: handoffId || 'handoff' });
      shown.onclick = function () {
        window.focus();
        if (handoffId) {
          showConversation(handoffId);
        }
      };
    }
  }

  // --- notes and earlier handoffs ----------------------------------------------------------

  const notesList = $('notes');
  const noteText = $('note-text');
  const earlierBox = $('earlier-box');
  const earlierList = $('earlier');

  async function loadNotes() {
    const id = selectedId;
    if (!id) {
      return;
    }
    const result = await api('GET', '/api/agent/handoffs/' + encodeURIComponent(id) + '/notes');
    if (id !== selectedId || result.status !== 200) {
      return;
    }
    notesList.replaceChildren();
    (result.data || []).forEach(function (note) {
      const item = el('li', 'note');
      item.appendChild(el('span', 'note-head', note.agent + '・' + new Date(note.at).toLocaleString('ja-JP',
        { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
      item.appendChild(el('span', 'note-text', note.text));
      notesList.appendChild(item);
    });
  }

  $('note-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    const text = noteText.value.trim();
    if (!text || !selectedId) {
      return;
    }
    const result = await api('POST', '/api/agent/handoffs/' + encodeURIComponent(selectedId) + '/notes', { text: text });
    if (result.status === 201) {
      noteText.value = '';
      loadNotes();
    } else {
      showNotice('メモを保存できませんでした（' + result.status + '）。', 'warn');
    }
  });

  async function loadEarlier() {
    const id = selectedId;
    if (!id) {
      return;
    }
    const result = await api('GET', '/api/agent/handoffs/' + encodeURIComponent(id) + '/earlier');
    if (id !== selectedId || result.status !== 200) {
      return;
    }
    const earlier = result.data || [];
    earlierBox.hidden = earlier.length === 0;
    $('earlier-count').textContent = String(earlier.length);
    earlierList.replaceChildren();
    earlier.forEach(function (handoff) {
      const item = el('li');
      item.appendChild(historyButton(handoff));
      earlierList.appendChild(item);
    });
  }

  function historyButton(handoff) {
    const button = el('button', 'item');
    button.type = 'button';
    button.dataset.id = handoff.id;
    const top = el('span', 'item-top');
    top.appendChild(el('span', 'item-name', nameOf(handoff)));
    if (handoff.rating) {
      top.appendChild(el('span', 'rating', '評価 ' + '★'.repeat(handoff.rating) + '☆'.repeat(5 - handoff.rating)));
    }
    button.appendChild(top);
    const meta = el('span', 'item-meta');
    meta.appendChild(el('span', 'channel channel-' + handoff.channel, CHANNELS[handoff.channel] || handoff.channel));
    meta.appendChild(el('span', 'stage', (STATUSES[handoff.status] || handoff.status) +
      (handoff.agent ? '・' + handoff.agent : '')));
    meta.appendChild(el('span', 'when', new Date(handoff.createdAt).toLocaleString('ja-JP',
      { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })));
    button.appendChild(meta);
    if (handoff.ratingComment) {
      button.appendChild(el('span', 'item-comment', '「' + handoff.ratingComment + '」'));
    }
    button.addEventListener('click', function () {
      showConversation(handoff.id);
    });
    return button;
  }

  // --- search and history ------------------------------------------------------------------

  const historyView = $('history');
  const historyOpen = $('open-history');
  const historyList = $('history-list');
  const historyStatus = $('history-status');
  PANELS.push([historyView, historyOpen]);

  historyOpen.addEventListener('click', function () {
    $('history-heading').textContent = '終わった相談';
    $('history-filter').hidden = false;
    showPanel(historyView, historyOpen, loadHistory, 'history-heading');
  });
  $('history-back').addEventListener('click', backToList(historyOpen));
  $('history-filter').addEventListener('submit', function (event) {
    event.preventDefault();
    loadHistory();
  });

  async function loadHistory() {
    const params = new URLSearchParams({ status: 'closed' });
    if ($('history-outcome').value) {
      params.set('outcome', $('history-outcome').value);
    }
    if ($('history-from').value) {
      params.set('from', $('history-from').value);
    }
    if ($('history-to').value) {
      params.set('to', $('history-to').value);
    }
    historyStatus.textContent = '読み込み中…';
    const result = await api('GET', '/api/agent/handoffs?' + params.toString());
    showHistory(result, '該当する相談はありません。');
  }

  function showHistory(result, none) {
    if (result.status !== 200) {
      historyStatus.textContent = '読み込めませんでした（' + result.status + '）。';
      return;
    }
    const handoffs = result.data || [];
    historyStatus.textContent = handoffs.length ? handoffs.length + '件' : none;
    historyList.replaceChildren();
    handoffs.forEach(function (handoff) {
      const item = el('li');
      item.appendChild(historyButton(handoff));
      historyList.appendChild(item);
    });
  }

  $('search').addEventListener('submit', async function (event) {
    event.preventDefault();
    const q = $('search-q').value.trim();
    if (!q) {
      return;
    }
    $('history-heading').textContent = '「' + q + '」の検索結果';
    $('history-filter').hidden = true;
    showPanel(historyView, historyOpen, function () {}, 'history-heading');
    historyStatus.textContent = '検索中…';
    const result = await api('GET', '/api/agent/handoffs/search?q=' + encodeURIComponent(q));
    showHistory(result, '30日以内に見つかりませんでした。');
  });

  // --- canned replies ----------------------------------------------------------------------

  const cannedView = $('canned');
  const cannedOpen = $('open-canned');
  const suggest = $('canned-suggest');
  let cannedAll = {};
  let cannedFilled = null; // for the selected conversation
  PANELS.push([cannedView, cannedOpen]);

  cannedOpen.addEventListener('click', function () {
    showPanel(cannedView, cannedOpen, loadCanned, 'canned-heading');
  });
  $('canned-back').addEventListener('click', backToList(cannedOpen));

  async function loadCanned() {
    const result = await api('GET', '/api/agent/canned');
    if (result.status !== 200) {
      return;
    }
    cannedAll = result.data || {};
    const list = $('canned-list');
    list.replaceChildren();
    Object.keys(cannedAll).forEach(function (shortcut) {
      const item = el('li', 'missed');
      item.appendChild(el('strong', 'canned-key', '/' + shortcut));
      item.appendChild(el('span', 'canned-text', cannedAll[shortcut]));
      if (supervisor) {
        const remove = el('button', 'button quiet', '削除');
        remove.type = 'button';
        remove.addEventListener('click', async function () {
          await api('DELETE', '/api/agent/canned/' + encodeURIComponent(shortcut));
          loadCanned();
        });
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
  }

  $('canned-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    const shortcut = $('canned-shortcut').value.trim().replace(/^\//, '');
    const result = await api('PUT', '/api/agent/canned/' + encodeURIComponent(shortcut), { text: $('canned-text').value });
    $('canned-status').textContent = result.status === 200 ? '「/' + shortcut + '」を保存しました。'
      : ((result.data && result.data.detail) || '保存できませんでした（' + result.status + '）。');
    if (result.status === 200) {
      $('canned-shortcut').value = '';
      $('canned-text').value = '';
      cannedFilled = null;
      loadCanned();
    }
  });

  async function filledCanned() {
    if (!cannedFilled && selectedId) {
      const result = await api('GET', '/api/agent/handoffs/' + encodeURIComponent(selectedId) + '/canned');
      cannedFilled = result.status === 200 ? (result.data || {}) : {};
    }
    return cannedFilled || {};
  }

  async function renderSuggestions() {
    const match = /^\/([a-z0-9_-]*)$/.exec(replyText.value);
    if (!match) {
      suggest.hidden = true;
      return;
    }
    const filled = await filledCanned();
    const keys = Object.keys(filled).filter(function (key) { return key.indexOf(match[1]) === 0; });
    suggest.replaceChildren();
    keys.slice(0, 8).forEach(function (key, i) {
      const option = el('li', 'canned-option', '/' + key + '　' + filled[key]);
      option.setAttribute('role', 'option');
      option.dataset.key = key;
      option.setAttribute('aria-selected', i === 0 ? 'true' : 'false');
      option.addEventListener('mousedown', function (event) {
        event.preventDefault();
        insertCanned(key);
      });
      suggest.appendChild(option);
    });
    suggest.hidden = keys.length === 0;
  }

  function insertCanned(key) {
    if (cannedFilled && cannedFilled[key] !== undefined) {
      replyText.value = cannedFilled[key];
      suggest.hidden = true;
      keepDraft();
      replyText.focus();
    }
  }

  replyText.addEventListener('input', renderSuggestions);
  // capture: runs before the reply box's own Enter-to-send
  replyText.addEventListener('keydown', function (event) {
    if (suggest.hidden || (event.key !== 'Tab' && event.key !== 'Enter')) {
      if (event.key === 'Escape') {
        suggest.hidden = true;
      }
      return;
    }
    const first = suggest.querySelector('[aria-selected="true"]');
    if (first) {
      event.preventDefault();
      event.stopImmediatePropagation();
      insertCanned(first.dataset.key);
    }
  }, true);

  // --- supervisors: agents, accounts, reassignment ----------------------------------------

  const agentsView = $('agents');
  const agentsOpen = $('open-agents');
  const assignTo = $('assign-to');
  const AGENT_STATES = { online: '対応可能', away: '離席中', offline: 'オフライン' };
  let agents = [];
  PANELS.push([agentsView, agentsOpen]);

  agentsOpen.addEventListener('click', function () {
    showPanel(agentsView, agentsOpen, loadAgents, 'agents-heading');
  });
  $('agents-back').addEventListener('click', backToList(agentsOpen));

  function reloadAgents() {
    if (supervisor && (!agentsView.hidden || (selected && selected.status === 'waiting'))) {
      loadAgents();
    }
  }

  async function loadAgents() {
    if (!supervisor) {
      return;
    }
    const result = await api('GET', '/api/agent/agents');
    if (result.status !== 200) {
      return;
    }
    agents = result.data || [];
    const rows = $('agent-rows');
    rows.replaceChildren();
    agents.forEach(function (agent) {
      const row = el('tr');
      row.dataset.login = agent.login;
      row.appendChild(el('td', null, agent.name === agent.login ? agent.login : agent.name + '（' + agent.login + '）'));
      row.appendChild(el('td', 'state state-' + agent.state.toLowerCase(), AGENT_STATES[agent.state.toLowerCase()]));
      row.appendChild(el('td', 'load', agent.open + ' / ' + agent.capacity));
      row.appendChild(el('td', null, agent.skills.join('、') || '—'));
      const edit = el('td');
      const skills = el('input', 'skills-input');
      skills.value = agent.skills.join('、');
      skills.setAttribute('aria-label', agent.login + 'の得意な職種');
      const capacity = el('input', 'capacity-input');
      capacity.type = 'number';
      capacity.min = '1';
      capacity.max = '50';
      capacity.value = String(agent.capacity);
      capacity.setAttribute('aria-label', agent.login + 'の同時対応数');
      const save = el('button', 'button quiet', '保存');
      save.type = 'button';
      save.addEventListener('click', async function () {
        await api('PUT', '/api/agent/accounts/' + encodeURIComponent(agent.login),
          { skills: splitSkills(skills.value), capacity: Number(capacity.value) });
        loadAgents();
      });
      edit.append(skills, capacity, save);
      row.appendChild(edit);
      rows.appendChild(row);
    });
    renderAssign();
  }

  function splitSkills(text) {
    return text.split(/[、,，\s]+/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  $('account-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    const result = await api('POST', '/api/agent/accounts', {
      login: $('account-login').value.trim(),
      password: $('account-password').value,
      skills: splitSkills($('account-skills').value),
      capacity: Number($('account-capacity').value) || null,
      supervisor: $('account-supervisor').checked
    });
    $('account-status').textContent = result.status === 201 ? '「' + result.data.login + '」を追加しました。'
      : ((result.data && result.data.detail) || '追加できませんでした（' + result.status + '）。');
    if (result.status === 201) {
      $('account-form').reset();
      loadAgents();
    }
  });

  function renderAssign() {
    const show = supervisor && selected && selected.status === 'waiting';
    $('assign').parentElement.hidden = !show;
    if (!show) {
      return;
    }
    const current = assignTo.value || selected.assignee || '';
    assignTo.replaceChildren();
    agents.forEach(function (agent) {
      const option = el('option', null, agent.login + '（' + AGENT_STATES[agent.state.toLowerCase()] + '・' +
        agent.open + '/' + agent.capacity + '）');
      option.value = agent.login;
      assignTo.appendChild(option);
    });
    assignTo.value = current;
  }

  $('assign').addEventListener('click', async function () {
    if (!selectedId || !assignTo.value) {
      return;
    }
    const result = await api('POST', '/api/agent/handoffs/' + encodeURIComponent(selectedId) + '/assign?to=' +
      encodeURIComponent(assignTo.value));
    if (result.status === 200) {
      showNotice(assignTo.value + ' さんに割り当てました。', 'info');
    } else {
      showNotice((result.data && result.data.detail) || '割り当てられませんでした（' + result.status + '）。', 'warn');
    }
    refresh({ queue: true, selected: true });
  });

  // --- start -----------------------------------------------------------------------------

  enter();
})();
